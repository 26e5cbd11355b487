// Shared helpers for the browser suite: a tiny test harness, a static file server,
// Chromium started by hand (Debian's build, never a downloaded one) and helpers for
// pages, axe-core and request recording.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { readFile, stat, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname, normalize, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--hide-scrollbars', '--font-render-hinting=none',
];

// ---------------------------------------------------------------- harness
const tests = [];
export function test(name, fn) { tests.push({ name, fn }); }

export async function runAll(filter) {
  let passed = 0, failed = 0;
  const failures = [];
  for (const t of tests) {
    if (filter && !filter.some((f) => t.name.includes(f))) continue;
    const started = Date.now();
    const foreignBefore = foreignRequests.length;
    try {
      await t.fn();
      // Every check guards the no-foreign-request rule for the pages it loads itself, so
      // the rule holds in a filtered run too.
      const foreign = foreignRequests.slice(foreignBefore);
      check(!foreign.length, `requests to other hosts:\n${[...new Set(foreign)].join('\n')}`);
      passed++;
      console.log(`ok     ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      failures.push(t.name);
      console.log(`FAIL   ${t.name} (${Date.now() - started} ms)`);
      console.log(indent(e && e.stack && !(e instanceof CheckError) ? e.stack : String(e && e.message || e)));
    }
  }
  if (failures.length) console.log(`\nfailed: ${failures.join(', ')}`);
  return { passed, failed };
}

export class CheckError extends Error {}
export function check(cond, message) { if (!cond) throw new CheckError(message); }
export function fail(message) { throw new CheckError(message); }
export function indent(s, by = '       ') { return String(s).split('\n').map((l) => by + l).join('\n'); }

// ---------------------------------------------------------------- static server
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8', '.ico': 'image/x-icon',
};

/** Serves `root` on 127.0.0.1; missing files get /404.html with status 404. */
export function serveStatic(root) {
  const server = createServer(async (req, res) => {
    try {
      let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      path = normalize(path);
      if (path.includes('..')) { res.writeHead(400); res.end(); return; }
      let file = join(root, path);
      let s = await stat(file).catch(() => null);
      if (s && s.isDirectory()) {
        if (!path.endsWith('/')) { res.writeHead(301, { Location: path + '/' }); res.end(); return; }
        file = join(file, 'index.html');
        s = await stat(file).catch(() => null);
      }
      if (!s) {
        res.writeHead(404, { 'Content-Type': TYPES['.html'] });
        res.end(await readFile(join(root, '404.html')).catch(() => 'not found'));
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(await readFile(file));
    } catch (e) {
      res.writeHead(500); res.end(String(e));
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---------------------------------------------------------------- chromium
/** Starts Debian's Chromium with a fresh profile and connects to it over CDP. A start
 *  that hangs (seen once on a loaded machine: no DevTools line within 30 s) is killed and
 *  tried again with a new profile, so one slow start does not fail the whole suite. */
export async function startBrowser() {
  let lastError;
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startBrowserOnce();
    } catch (e) {
      lastError = e;
      console.error(`Chromium start ${attempt} of 3 failed: ${String(e.message).split('\n')[0]}`);
    }
  }
  throw lastError;
}

async function startBrowserOnce() {
  const profile = await mkdtemp(join(tmpdir(), 'rolebook-chromium-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'], detached: true,
  });
  const giveUp = async () => {
    try { process.kill(-proc.pid, 'SIGKILL'); } catch {}
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  };
  const ws = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not start in 45 s:\n${err}`)), 45000);
    proc.stderr.on('data', (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Chromium exited (${code}):\n${err}`)); });
  }).catch(async (e) => { await giveUp(); throw e; });
  proc.stderr.resume();
  const browser = await chromium.connectOverCDP(ws);
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      try { process.kill(-proc.pid, 'SIGTERM'); } catch {}
      await new Promise((r) => setTimeout(r, 300));
      try { process.kill(-proc.pid, 'SIGKILL'); } catch {}
      await rm(profile, { recursive: true, force: true }).catch(() => {});
    },
  };
}

// ---------------------------------------------------------------- requests
/** Every request URL that did not go to 127.0.0.1, with the page it came from; the
 *  harness fails the check during which one was made. */
export const foreignRequests = [];
export function isLocal(url) {
  const u = new URL(url);
  if (['data:', 'blob:', 'about:', 'file:'].includes(u.protocol)) return true;
  return u.hostname === '127.0.0.1';
}
/** Records the context's requests to other hosts; every request URL goes to `seen` too
 *  when given (a check that counts its own requests). */
export function recordRequests(context, seen = null) {
  context.on('request', (r) => {
    const url = r.url();
    if (seen) seen.push(url);
    if (!isLocal(url)) foreignRequests.push(`${url} (from ${r.frame()?.url?.() ?? '?'})`);
  });
  return context;
}

// ---------------------------------------------------------------- axe
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe in the page; returns the violations. `rules` limits it to those rules. */
export async function runAxe(page, rules) {
  await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (rules) => {
    const options = rules
      ? { runOnly: { type: 'rule', values: rules } }
      : { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } };
    const r = await window.axe.run(document, options);
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} :: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}`),
    }));
  }, rules || null);
}

export function formatViolations(vs) {
  return vs.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 8).map((n) => '    ' + n).join('\n')}${v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : ''}`).join('\n');
}

export const here = dirname(new URL(import.meta.url).pathname);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
