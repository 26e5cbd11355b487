// rolebook browser suite. Usage: node run.mjs [name-filter ...]
// Builds the bundled site with target/debug/rolebook (or $ROLEBOOK_BIN), serves it on
// 127.0.0.1 and checks it in Debian's headless Chromium. Prints `N passed, M failed`.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, mkdir, cp, readFile, writeFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, relative } from 'node:path';
import {
  test, runAll, check, fail, serveStatic, startBrowser, recordRequests,
  runAxe, formatViolations, here, sleep, indent, isLocal,
} from './lib.mjs';

const REPO = resolve(here, '../..');
const BIN = process.env.ROLEBOOK_BIN || join(REPO, 'target/debug/rolebook');
const SHOTS = join(REPO, 'screenshots');

// The pages every check visits.
const PAGES = [
  ['home', '/'],
  ['role', '/roles/lead-research-scientist/'],
  ['stub', '/roles/senior-research-scientist/'],
  ['career-paths', '/career-paths/'],
  ['skills', '/skills/'],
  ['skill', '/skills/python-research-prototyping/'],
  ['tool', '/tools/pytorch/'],
  ['kpis', '/kpis/'],
  ['search', '/search/'],
  ['compare', '/compare/'],
  ['comparison', '/roles/research-scientist/next/senior-research-scientist/'],
  ['404', '/404.html'],
];
const SCREENSHOT_PAGES = [
  ['home', '/'], ['role', '/roles/lead-research-scientist/'], ['stub', '/roles/senior-research-scientist/'],
  ['career-paths', '/career-paths/'], ['skills', '/skills/'], ['skill', '/skills/python-research-prototyping/'],
  ['tools', '/tools/'], ['kpis', '/kpis/'], ['404', '/404.html'],
];
const ROLE_SECTIONS = [
  'summary', 'mission', 'responsibilities', 'day-to-day', 'deliverables', 'goals', 'kpis',
  'technical-skills', 'soft-skills', 'tools', 'environment', 'stakeholders', 'decision-rights',
  'experience', 'career-path', 'risks', 'variants', 'ai-impact', 'hiring', 'scorecard-summary',
];

let server, base, site, chrome, allPages;
/** Redirect pages (old URLs of renamed roles, aliases): [path, the URL they send to]. */
const redirects = [];

async function newContext(options = {}, seen = null) {
  const context = await chrome.browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  return recordRequests(context, seen);
}
async function open(context, path, { status } = {}) {
  const page = await context.newPage();
  const res = await page.goto(base + path.replace(/^\//, ''), { waitUntil: 'load' });
  if (status !== undefined) check(res.status() === status, `${path}: HTTP ${res.status()}, expected ${status}`);
  else check(res.ok() || path === '/404.html', `${path}: HTTP ${res.status()}`);
  return page;
}
/** Runs `fn(page, name, path)` for each page, collecting problems; throws once at the end. */
async function eachPage(context, pages, fn) {
  const problems = [];
  const page = await context.newPage();
  for (const [name, path] of pages) {
    const res = await page.goto(base + path.replace(/^\//, ''), { waitUntil: 'load' });
    if (!res.ok() && path !== '/404.html') { problems.push(`${path}: HTTP ${res.status()}`); continue; }
    const p = await fn(page, name, path);
    if (p && p.length) problems.push(`${path}:\n${indent(Array.isArray(p) ? p.join('\n') : p, '  ')}`);
  }
  await page.close();
  if (problems.length) fail(problems.join('\n'));
}

// ---------------------------------------------------------------- 0. redirects
test('redirects: each old URL (a renamed role, an alias) lands on its page', async () => {
  const context = await newContext();
  const page = await context.newPage();
  const problems = [];
  for (const [path, target] of redirects) {
    await page.goto(base + path.replace(/^\//, ''), { waitUntil: 'load' });
    await page.waitForURL(new URL(target, base).href, { timeout: 5000 }).catch(() => {});
    if (page.url() !== new URL(target, base).href) problems.push(`${path}: ended at ${page.url()}, not ${target}`);
  }
  await context.close();
  if (problems.length) fail(problems.join('\n'));
});

// ---------------------------------------------------------------- 1. accessibility
for (const [name, path] of PAGES) {
  test(`a11y: axe WCAG 2.1 AA on ${name} (${path})`, async () => {
    const context = await newContext();
    const page = await open(context, path);
    const violations = await runAxe(page);
    await context.close();
    if (violations.length) console.log(indent(`axe on ${path} (light):\n${formatViolations(violations)}`));
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(!bad.length, `${bad.length} serious/critical axe violation(s) on ${path}: ${bad.map((v) => v.id).join(', ')}`);
  });
}

test('a11y: one h1 per page, headings never skip a level downward', async () => {
  const context = await newContext();
  await eachPage(context, PAGES, async (page) => page.evaluate(() => {
    const problems = [];
    const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
    const h1s = hs.filter((h) => h.tagName === 'H1');
    if (h1s.length !== 1) problems.push(`${h1s.length} h1 elements`);
    let prev = 0;
    for (const h of hs) {
      const level = +h.tagName[1];
      if (prev && level > prev + 1) problems.push(`h${prev} → h${level}: "${h.textContent.trim().slice(0, 60)}"`);
      prev = level;
    }
    if (hs[0] && hs[0].tagName !== 'H1' && !hs[0].closest('header, nav')) problems.push(`first heading is ${hs[0].tagName}`);
    return problems;
  }));
  await context.close();
});

test('a11y: every th in a table has a scope', async () => {
  const context = await newContext();
  await eachPage(context, PAGES, async (page) => page.evaluate(() =>
    [...document.querySelectorAll('table th')].filter((th) => !th.hasAttribute('scope'))
      .map((th) => `th without scope: "${th.textContent.trim().slice(0, 50)}"`)));
  await context.close();
});

test('a11y: skip link is the first tab stop and moves focus to main', async () => {
  const context = await newContext();
  await eachPage(context, [PAGES[0], PAGES[1]], async (page) => {
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({
      cls: document.activeElement.className, href: document.activeElement.getAttribute('href'),
      visible: (() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.height > 0; })(),
    }));
    if (first.cls !== 'skip-link') return `first tab stop is ${JSON.stringify(first)}`;
    if (!first.visible) return 'the focused skip link is not visible';
    await page.keyboard.press('Enter');
    await sleep(100);
    const after = await page.evaluate(() => document.activeElement.id);
    if (after !== 'main') return `after Enter focus is on #${after}, not #main`;
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => !!document.activeElement.closest('main'));
    if (!next) return 'the next tab stop after the skip link is not inside main';
  });
  await context.close();
});

test('a11y: focused links and fields show a visible outline', async () => {
  const context = await newContext();
  await eachPage(context, [PAGES[0], PAGES[1], PAGES[3]], async (page) => {
    const problems = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      const s = await page.evaluate(() => {
        const el = document.activeElement, cs = getComputedStyle(el);
        return { tag: el.tagName, text: (el.textContent || el.id).trim().slice(0, 30), style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
      });
      if (s.style === 'none' || !(s.width >= 2)) problems.push(`${s.tag} "${s.text}" has outline ${s.style} ${s.width}px when focused`);
    }
    return problems;
  });
  await context.close();
});

test('a11y: career graph has a text alternative and every node is a focusable link', async () => {
  const context = await newContext();
  await eachPage(context, [['career-paths', '/career-paths/']], async (page) => page.evaluate(() => {
    const problems = [];
    const svg = document.querySelector('svg.career-graph');
    if (!svg) return ['no svg.career-graph'];
    const labelled = svg.getAttribute('aria-labelledby');
    const name = (svg.getAttribute('aria-label') || (labelled && document.getElementById(labelled)?.textContent) || svg.querySelector(':scope > title')?.textContent || '').trim();
    if (!name) problems.push('the graph has no title or aria-label');
    const nodes = [...svg.querySelectorAll('.cg-node')];
    if (nodes.length < 2) problems.push(`only ${nodes.length} nodes`);
    for (const n of nodes) {
      const label = (n.getAttribute('aria-label') || n.querySelector('title')?.textContent || n.textContent).trim();
      if (n.tagName.toLowerCase() !== 'a' || !n.getAttribute('href')) problems.push(`node "${label}" is not a link`);
      n.focus();
      if (document.activeElement !== n) problems.push(`node "${label}" cannot take focus`);
      if (n.tabIndex < 0) problems.push(`node "${label}" is not in the tab order`);
      if (!label) problems.push('a node has no accessible name');
    }
    return problems;
  }));
  await context.close();
});

// ---------------------------------------------------------------- 2. dark mode
for (const [name, path] of PAGES) {
  test(`dark: colour contrast on ${name} (${path})`, async () => {
    const context = await newContext({ colorScheme: 'dark' });
    const page = await open(context, path);
    const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
    check(dark, 'prefers-color-scheme: dark is not in effect');
    const violations = await runAxe(page, ['color-contrast', 'link-in-text-block']);
    await context.close();
    if (violations.length) console.log(indent(`axe on ${path} (dark):\n${formatViolations(violations)}`));
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(!bad.length, `${bad.length} serious/critical contrast violation(s) in dark mode: ${bad.map((v) => v.id).join(', ')}`);
  });
}

// ---------------------------------------------------------------- 3. no foreign requests
// Every context records its requests (lib.mjs recordRequests) and the harness fails any
// check during which one went to another host. This check makes its own requests, so it
// passes or fails the same alone (`bash .ci/browser network`) as in a full run.
test('network: every page, with scripts and the search index, asks nothing of a host other than 127.0.0.1', async () => {
  const seen = [];
  const context = await newContext({}, seen);
  await eachPage(context, allPages.map((p) => [p, p]), async () => []);
  // The search index is fetched on demand: a query makes the page load it.
  const page = await open(context, '/');
  await page.click('#site-search');
  await page.keyboard.type('python');
  await page.waitForSelector('#site-search-results:not([hidden])', { timeout: 5000 });
  await context.close();
  check(seen.length > allPages.length, `only ${seen.length} requests were recorded for ${allPages.length} pages`);
  check(seen.some((u) => u.endsWith('/search-index.json')), 'the search index was never requested');
  console.log(indent(`${seen.length} requests recorded`));
  const foreign = seen.filter((u) => !isLocal(u));
  check(!foreign.length, `requests to other hosts:\n${[...new Set(foreign)].join('\n')}`);
});

// ---------------------------------------------------------------- 4. without JavaScript
test('no-js: pages render their content; the role page has all 20 sections', async () => {
  const context = await newContext({ javaScriptEnabled: false });
  await eachPage(context, PAGES, async (page, name) => {
    const problems = [];
    const text = await page.evaluate(() => document.querySelector('main')?.innerText.trim().length || 0);
    if (text < 40) problems.push(`main has only ${text} characters of text`);
    if (name === 'role') {
      const ids = await page.$$eval('main h2[id]', (hs) => hs.filter((h) => h.offsetParent !== null).map((h) => h.id));
      const missing = ROLE_SECTIONS.filter((id) => !ids.includes(id));
      if (missing.length) problems.push(`missing or hidden section headings: ${missing.join(', ')}`);
    }
    if (name === 'career-paths' && !(await page.$('svg.career-graph .cg-node'))) problems.push('no graph');
    return problems;
  });
  await context.close();
});

// ---------------------------------------------------------------- 4b. the comparison picker
// Down the ladder there is no static page: the picker compares in the browser, from
// /api/compare.json; up the ladder it opens the pair's page.
test('compare: a pair down the ladder is compared in the browser, a pair up it opens its page (390px)', async () => {
  const [SENIOR, JUNIOR] = ['senior-research-scientist', 'research-scientist'];
  const data = JSON.parse(await readFile(join(site, 'public/api/compare.json'), 'utf8'));
  const role = (id) => data.roles.find((r) => r.id === id);
  const [senior, junior] = [role(SENIOR), role(JUNIOR)];
  check(!senior.pages[JUNIOR] && junior.pages[SENIOR], 'expected a static page up the ladder only');
  const context = await newContext({ viewport: { width: 390, height: 900 } });
  const page = await open(context, '/compare/');
  await page.selectOption('#compare-from', SENIOR);
  await page.selectOption('#compare-to', JUNIOR);
  await page.click('[data-compare-picker] button[type="submit"]');
  await page.waitForSelector('[data-compare-result] .area-change', { timeout: 10000 });
  check(new URL(page.url()).pathname.endsWith('/compare/'), `the picker left the page for ${page.url()}`);
  const shown = await page.$$eval('[data-compare-result] .area-change', (secs) => secs.map((s) => ({
    heading: s.querySelector('h3').textContent,
    removed: [...s.querySelectorAll('.items.removed li')].map((li) => li.textContent),
    added: [...s.querySelectorAll('.items.added li')].map((li) => li.textContent),
    labels: [...s.querySelectorAll('.change-label')].map((p) => p.textContent),
  })));
  const problems = [];
  const cells = (r) => Object.fromEntries(r.expectations.map((c) => [c.area, c.behaviours]));
  const [was, now] = [cells(senior), cells(junior)];
  const described = data.areas.filter((a) => was[a.id] || now[a.id]);
  if (shown.length !== described.length) problems.push(`${shown.length} areas shown, ${described.length} described`);
  let checked = 0;
  described.forEach((area, i) => {
    const s = shown[i] || { heading: '', removed: [], added: [], labels: [] };
    if (!s.heading.startsWith(area.name)) problems.push(`area ${i + 1} is "${s.heading}", expected ${area.name}`);
    // What only the Senior role expects is no longer listed at the junior role, and the reverse.
    for (const b of (was[area.id] || []).filter((t) => !(now[area.id] || []).includes(t))) {
      checked++;
      if (!s.removed.includes(b) || s.added.includes(b)) problems.push(`${area.name}: "${b.slice(0, 50)}" is not shown as removed`);
    }
    for (const b of (now[area.id] || []).filter((t) => !(was[area.id] || []).includes(t))) {
      if (!s.added.includes(b) || s.removed.includes(b)) problems.push(`${area.name}: "${b.slice(0, 50)}" is not shown as added`);
    }
    if (s.removed.length && !s.labels.includes(`Only at ${senior.title}`)) problems.push(`${area.name}: no "Only at ${senior.title}" label`);
  });
  if (!checked) problems.push('the Senior role expects nothing the junior one does not: nothing was checked');
  const wide = await page.evaluate(() => document.scrollingElement.scrollWidth - innerWidth);
  if (wide > 1) problems.push(`the result scrolls sideways by ${wide}px at 390px`);
  const bad = (await runAxe(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) problems.push(`axe on the in-browser result: ${formatViolations(bad)}`);
  // Up the ladder: the static page.
  await page.selectOption('#compare-from', JUNIOR);
  await page.selectOption('#compare-to', SENIOR);
  await Promise.all([page.waitForURL((u) => u.pathname === new URL(junior.pages[SENIOR], base).pathname, { timeout: 10000 }),
    page.click('[data-compare-picker] button[type="submit"]')]);
  const h1 = await page.textContent('h1');
  if (!/From\s+Research Scientist\s+to\s+Senior Research Scientist/.test(h1)) problems.push(`the page up the ladder is "${h1}"`);
  await context.close();
  if (problems.length) fail(problems.join('\n'));
});

// ---------------------------------------------------------------- 5. layout
for (const width of [360, 390]) {
  test(`layout: no page scrolls sideways at ${width}px`, async () => {
    const context = await newContext({ viewport: { width, height: 800 }, deviceScaleFactor: 1, isMobile: false });
    const pages = allPages.map((p) => [p, p]);
    await eachPage(context, pages, async (page) => page.evaluate(() => {
      const d = document.scrollingElement;
      if (d.scrollWidth <= innerWidth + 1) return [];
      // Name the widest elements that stick out, to say what to fix.
      const out = [...document.querySelectorAll('main *, header *, footer *')]
        .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
        .filter((el) => !el.closest('.table-wrap, .graph-scroll, pre'))
        .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className} right=${Math.round(el.getBoundingClientRect().right)}`);
      return [`scrollWidth ${d.scrollWidth} > innerWidth ${innerWidth}; ${out.join('; ')}`];
    }));
    await context.close();
  });
}

test('layout: wide tables and the graph scroll inside their own box at 390px', async () => {
  const context = await newContext({ viewport: { width: 390, height: 800 } });
  await eachPage(context, [['role', '/roles/lead-research-scientist/'], ['career-paths', '/career-paths/'], ['kpis', '/kpis/'], ['skills', '/skills/']], async (page) => page.evaluate(() => {
    const problems = [];
    for (const box of document.querySelectorAll('.table-wrap, .graph-scroll')) {
      const r = box.getBoundingClientRect();
      if (r.right > innerWidth + 1) problems.push(`${box.className} sticks out to ${r.right}`);
      const cs = getComputedStyle(box);
      if (box.scrollWidth > box.clientWidth + 1 && !['auto', 'scroll'].includes(cs.overflowX)) problems.push(`${box.className} overflows without scrolling`);
      if (box.scrollWidth > box.clientWidth + 1 && box.tabIndex < 0) problems.push(`${box.className} scrolls but is not focusable by keyboard`);
    }
    return problems;
  }));
  await context.close();
});

for (const width of [390, 1280]) {
  test(`layout: career graph nodes fit their text and do not overlap (${width}px)`, async () => {
    const context = await newContext({ viewport: { width, height: 900 } });
    await eachPage(context, [['career-paths', '/career-paths/']], async (page) => page.evaluate(() => {
      const problems = [];
      const nodes = [...document.querySelectorAll('svg.career-graph .cg-node')].map((n) => ({
        name: [...n.querySelectorAll('tspan')].map((t) => t.textContent).join(' ') || n.textContent.trim(), rect: n.querySelector('rect').getBBox(),
        texts: [...n.querySelectorAll('text')].map((t) => t.getBBox()),
      }));
      const labels = [...document.querySelectorAll('svg.career-graph .cg-lane-label, svg.career-graph .cg-column')].map((t) => ({ name: t.textContent, box: t.getBBox() }));
      const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
      for (const n of nodes) {
        for (const t of n.texts) {
          if (t.x < n.rect.x - 0.5 || t.y < n.rect.y - 0.5 || t.x + t.width > n.rect.x + n.rect.width + 0.5 || t.y + t.height > n.rect.y + n.rect.height + 0.5) {
            problems.push(`text of "${n.name}" (${Math.round(t.width)}×${Math.round(t.height)} at ${Math.round(t.x)},${Math.round(t.y)}) leaves its box (${n.rect.width}×${n.rect.height} at ${n.rect.x},${n.rect.y})`);
          }
        }
        for (const l of labels) if (overlap(n.rect, l.box)) problems.push(`label "${l.name}" overlaps node "${n.name}"`);
      }
      for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) {
        if (overlap(nodes[i].rect, nodes[j].rect)) problems.push(`nodes "${nodes[i].name}" and "${nodes[j].name}" overlap`);
      }
      // Reported, not failed: edges that run through a node they do not join (edge
      // routing is done in Rust, src/render/career_svg.rs).
      const inside = (p, r, m = 0) => p.x > r.x - m && p.x < r.x + r.width + m && p.y > r.y - m && p.y < r.y + r.height + m;
      const notes = [];
      for (const path of document.querySelectorAll('svg.career-graph .cg-edge')) {
        const len = path.getTotalLength();
        const ends = [path.getPointAtLength(0), path.getPointAtLength(len)];
        for (const n of nodes) {
          if (ends.some((e) => inside(e, n.rect, 3))) continue;
          for (let t = 0; t <= len; t += 4) if (inside(path.getPointAtLength(t), n.rect)) { notes.push(`an edge (${path.getAttribute('d')}) runs through "${n.name}"`); break; }
        }
      }
      return { problems, notes };
    }).then(({ problems, notes }) => {
      for (const n of notes) console.log(`       note (${width}px): ${n}`);
      return problems;
    }));
    await context.close();
  });
}

// ---------------------------------------------------------------- 6. print
test('print: the role page hides nav, search and footer and keeps all sections', async () => {
  const context = await newContext();
  await eachPage(context, [['role', '/roles/lead-research-scientist/']], async (page) => {
    await page.emulateMedia({ media: 'print' });
    return page.evaluate((sections) => {
      const problems = [];
      const shown = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
      for (const sel of ['.site-header', '.site-nav', '.search', '.site-footer', '.skip-link', '.breadcrumbs', 'nav.toc']) {
        const el = document.querySelector(sel);
        if (el && shown(el)) problems.push(`${sel} is printed`);
      }
      for (const id of sections) if (!shown(document.getElementById(id))) problems.push(`section #${id} is not printed`);
      for (const box of document.querySelectorAll('main table')) {
        if (box.getBoundingClientRect().right > document.querySelector('main').getBoundingClientRect().right + 1) problems.push(`table ${box.className} is wider than the page`);
      }
      const link = document.querySelector('.blueprint-section a[href^="/"], .blueprint-section a[href^="http"]');
      if (link) {
        const after = getComputedStyle(link, '::after').content;
        if (!after || after === 'none' || after === 'normal') problems.push('link targets are not printed');
      }
      return problems;
    }, ROLE_SECTIONS);
  });
  await context.close();
});

test('print: opened as #interview-scorecard, only the blank scorecard is printed', async () => {
  const context = await newContext();
  await eachPage(context, [['role', '/roles/lead-research-scientist/#interview-scorecard']], async (page) => {
    await page.emulateMedia({ media: 'print' });
    return page.evaluate(() => {
      const problems = [];
      const shown = (el) => el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
      const form = document.getElementById('interview-scorecard');
      if (!shown(form)) return ['no printed #interview-scorecard'];
      for (const el of document.querySelectorAll('.role > *')) if (el !== form && shown(el)) problems.push(`${el.tagName.toLowerCase()}.${el.className} is printed too`);
      const dims = document.querySelectorAll('.scorecard-table tbody tr').length;
      const rows = form.querySelectorAll('tbody tr');
      if (!rows.length || rows.length !== dims) problems.push(`${rows.length} scorecard rows for ${dims} dimensions`);
      for (const r of rows) if (r.querySelectorAll('td.blank').length !== 2 || [...r.querySelectorAll('td.blank')].some((td) => td.textContent.trim())) problems.push('a row lacks two empty score/notes cells');
      return problems;
    });
  });
  await context.close();
});

// ---------------------------------------------------------------- 7. search
for (const width of [1280, 390]) {
  test(`search: typing "python" lists results; ArrowDown + Enter opens one (${width}px)`, async () => {
    const context = await newContext({ viewport: { width, height: 800 } });
    const page = await open(context, '/');
    await page.click('#site-search');
    await page.keyboard.type('python', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('#site-search').getAttribute('aria-expanded') === 'true', null, { timeout: 5000 });
    const results = await page.$$eval('#site-search-results [role=option] a', (as) => as.map((a) => a.href));
    check(results.length > 0, 'no results');
    const box = await page.$eval('#site-search-results', (el) => { const r = el.getBoundingClientRect(); return { left: r.left, right: r.right }; });
    check(box.left >= 0 && box.right <= width + 1, `results box ${JSON.stringify(box)} is off screen at ${width}px`);
    await page.keyboard.press('ArrowDown');
    const active = await page.$eval('#site-search', (el) => el.getAttribute('aria-activedescendant'));
    check(active, 'ArrowDown set no aria-activedescendant');
    await Promise.all([page.waitForURL((u) => u.href === results[0], { timeout: 5000 }), page.keyboard.press('Enter')]);
    const h1 = await page.textContent('h1');
    check(h1 && h1.trim(), 'the result page has no h1');
    await context.close();
  });
}

test('search: the results close on Escape and when focus leaves the search box', async () => {
  const context = await newContext();
  const page = await open(context, '/');
  const expanded = () => page.$eval('#site-search', (el) => el.getAttribute('aria-expanded'));
  await page.click('#site-search');
  await page.keyboard.type('python');
  await page.waitForSelector('#site-search-results:not([hidden])');
  await page.keyboard.press('Escape');
  check(await expanded() === 'false' && await page.$eval('#site-search-results', (el) => el.hidden), 'Escape left the results open');
  await page.keyboard.type(' research');
  await page.waitForSelector('#site-search-results:not([hidden])');
  await page.click('h1');
  check(await expanded() === 'false' && await page.$eval('#site-search-results', (el) => el.hidden), 'clicking elsewhere left the results open');
  await context.close();
});

// ---------------------------------------------------------------- 8. live reload
test('serve: live reload, error overlay and recovery', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rolebook-serve-'));
  await cp(join(REPO, 'tests/fixtures/basic'), dir, { recursive: true });
  const proc = spawn(BIN, ['serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '', err = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { err += d; });
  const context = await newContext();
  try {
    const url = await new Promise((resolve, reject) => {
      const t = setInterval(() => {
        const m = /Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) { clearInterval(t); resolve(m[1]); }
      }, 50);
      setTimeout(() => { clearInterval(t); reject(new Error(`serve printed no URL in 30 s\nstdout: ${out}\nstderr: ${err}`)); }, 30000);
    });
    const page = await context.newPage();
    await page.goto(url + 'about/', { waitUntil: 'load' });
    // Give the event stream a moment to connect before changing anything.
    await sleep(1000);
    const file = join(dir, 'content/about.md');
    const original = await readFile(file, 'utf8');
    check(original.includes('## Details {#custom-details}'), 'fixture about.md lost its custom-details anchor');

    // 1. an edit reloads the page by itself
    await page.evaluate(() => { window.__notReloaded = true; });
    const edited = original.replace(/^title: .*$/m, 'title: About the live team').replace('# About us', '# About the live team');
    await writeFile(file, edited);
    await page.waitForFunction(() => !window.__notReloaded && /About the live team/.test(document.querySelector('h1')?.textContent || ''), null, { timeout: 20000 })
      .catch(() => fail(`the page did not reload with the new title\nstderr: ${err.slice(-2000)}`));

    // 2. a broken link shows the overlay with file and line
    await page.evaluate(() => { window.__notReloaded = true; });
    await writeFile(file, edited + '\nA broken link: [x](@/nope.md)\n');
    const overlay = await page.waitForSelector('#rolebook-error-overlay', { timeout: 20000 })
      .catch(() => fail(`no error overlay appeared\nstderr: ${err.slice(-2000)}`));
    const text = await overlay.textContent();
    check(/content\/about\.md:\d+/.test(text), `overlay text has no content/about.md:LINE:\n${text}`);

    // 3. fixing it removes the overlay without a manual reload
    await writeFile(file, edited.replace('# About the live team', '# About the fixed team').replace(/^title: .*$/m, 'title: About the fixed team'));
    await page.waitForFunction(() => !document.querySelector('#rolebook-error-overlay') && /About the fixed team/.test(document.querySelector('h1')?.textContent || ''), null, { timeout: 20000 })
      .catch(() => fail(`the overlay did not go away after the fix\nstderr: ${err.slice(-2000)}`));
  } finally {
    await context.close();
    try { process.kill(-proc.pid, 'SIGTERM'); } catch {}
    await rm(dir, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------- 9. screenshots
test('screenshots: key pages at 390px and 1280px', async () => {
  await mkdir(SHOTS, { recursive: true });
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const context = await newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      for (const [name, path] of SCREENSHOT_PAGES) {
        if (scheme === 'dark' && !['home', 'role', 'career-paths', 'skills'].includes(name)) continue;
        const page = await open(context, path);
        await page.screenshot({ path: join(SHOTS, `${name}${scheme === 'dark' ? '-dark' : ''}-${width}.png`), fullPage: true });
        await page.close();
      }
      await context.close();
    }
  }
  // The role page as a printed document (headless Chromium prints to PDF).
  const context = await newContext();
  const page = await open(context, '/roles/lead-research-scientist/');
  await page.pdf({ path: join(SHOTS, 'role-print.pdf'), format: 'A4', printBackground: false });
  await page.goto(base + 'roles/lead-research-scientist/#interview-scorecard', { waitUntil: 'load' });
  await page.pdf({ path: join(SHOTS, 'role-scorecard-print.pdf'), format: 'A4', printBackground: false });
  await context.close();
});

// ---------------------------------------------------------------- 10. from disk
test('disk: a build with --relative-urls works opened from file:// (styles, links, search)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rolebook-disk-'));
  const context = await newContext();
  try {
    const out = join(dir, 'public');
    execFileSync(BIN, ['build', '--root', REPO, '--relative-urls', '--output-dir', out, '--quiet'], { stdio: 'inherit' });
    await mkdir(SHOTS, { recursive: true });
    const page = await context.newPage();
    await page.goto('file://' + join(out, 'roles/lead-research-scientist/index.html'), { waitUntil: 'load' });
    // style.css applied: it sets main's width.
    const maxWidth = await page.$eval('main', (el) => getComputedStyle(el).maxWidth);
    check(maxWidth === '1152px', `main's max-width is ${maxWidth}: style.css was not applied from disk`);
    await page.screenshot({ path: join(SHOTS, 'disk-role-1280.png') });
    // A navigation link opens a page's index.html, not a folder.
    await page.click('.site-nav ul a:text-is("Career paths")');
    await page.waitForLoadState('load');
    check(page.url().endsWith('/career-paths/index.html'), `the nav link opened ${page.url()}`);
    check((await page.textContent('h1')).includes('Career paths'), 'the career paths page did not open');
    // Search works from disk: Chromium refuses fetch() of file:// URLs, so the index is
    // loaded as search-index.js; a result opens its page's index.html.
    await page.fill('#site-search', 'research');
    await page.waitForSelector('#site-search-results:not([hidden])');
    const shown = await page.$eval('#site-search-results', (el) => ({
      results: [...el.querySelectorAll('a')].map((a) => a.href), unavailable: el.querySelector('.search-unavailable')?.textContent || '',
    }));
    check(shown.results.length > 0, `search from disk found nothing: ${JSON.stringify(shown)}`);
    check(shown.results.every((u) => u.startsWith('file://') && u.includes('/index.html')), `search results lead to ${shown.results.slice(0, 3)}`);
    await page.screenshot({ path: join(SHOTS, 'disk-search-1280.png') });
    await page.click('#site-search-results li a');
    await page.waitForLoadState('load');
    check(page.url().startsWith('file://') && page.url().includes('/index.html'), `a search result opened ${page.url()}`);
    // Without the scripts (a build without --relative-urls opened from disk), search says why.
    await rm(join(out, 'search-index.js'));
    await page.goto('file://' + join(out, 'index.html'), { waitUntil: 'load' });
    await page.fill('#site-search', 'research');
    await page.waitForSelector('#site-search-results .search-unavailable');
    // The comparison picker compares a pair in the browser from disk too.
    await page.goto('file://' + join(out, 'compare/index.html'), { waitUntil: 'load' });
    await page.click('.compare-picker button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[data-compare-result]').textContent.trim().length > 0 || !location.href.endsWith('/compare/index.html'));
    const compared = await page.evaluate(() => ({ url: location.href, text: document.querySelector('[data-compare-result]')?.textContent || '' }));
    check(!/could not load/.test(compared.text), `the picker could not load its data from disk: ${compared.text}`);
    const phone = await newContext({ viewport: { width: 390, height: 800 } });
    const small = await phone.newPage();
    await small.goto('file://' + join(out, 'index.html'), { waitUntil: 'load' });
    await small.screenshot({ path: join(SHOTS, 'disk-home-390.png') });
    await phone.close();
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('layout: a career graph of five levels fits or scrolls in its box at 1280px, every node visible', async () => {
  // The ladder example, with a fifth level: a copy of its level-4 role one level up.
  const dir = await mkdtemp(join(tmpdir(), 'rolebook-five-'));
  const context = await newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await cp(join(REPO, 'examples/ladder'), join(dir, 'site'), { recursive: true });
    const four = await readFile(join(dir, 'site/content/roles/platform-engineer-4.yaml'), 'utf8');
    const five = four.replace('id: platform-engineer-4', 'id: platform-engineer-5').replace('level: 4', 'level: 5')
      .replace('title: Staff Engineer, Platform', 'title: Principal Engineer, Platform');
    await writeFile(join(dir, 'site/content/roles/platform-engineer-5.yaml'), five);
    const out = join(dir, 'public');
    execFileSync(BIN, ['build', '--root', join(dir, 'site'), '--relative-urls', '--output-dir', out, '--quiet'], { stdio: 'inherit' });
    const page = await context.newPage();
    await page.goto('file://' + join(out, 'career-paths/index.html'), { waitUntil: 'load' });
    await mkdir(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'career-five-levels-1280.png'), fullPage: true });
    const problems = await page.evaluate(() => {
      const out = [];
      const box = document.querySelector('.graph-scroll');
      const b = box.getBoundingClientRect();
      if (b.right > innerWidth + 1) out.push(`the graph's box sticks out to ${b.right}`);
      const columns = document.querySelectorAll('svg.career-graph .cg-column').length;
      if (columns < 5) out.push(`only ${columns} level columns`);
      // Every node inside the box, or reachable by scrolling it.
      for (const n of document.querySelectorAll('svg.career-graph .cg-node rect')) {
        const r = n.getBoundingClientRect();
        if (r.left < b.left - 1 || r.right > b.left + box.scrollWidth + 1) out.push(`a node (${Math.round(r.left)}–${Math.round(r.right)}) is outside the box (${Math.round(b.left)}–${Math.round(b.left + box.scrollWidth)})`);
      }
      const svg = document.querySelector('svg.career-graph');
      const vb = svg.viewBox.baseVal;
      if (svg.getBoundingClientRect().width > b.width + 1 && box.scrollWidth <= box.clientWidth + 1) out.push('the graph is wider than its box, which does not scroll');
      // The bows of edges within the last level stay on the canvas.
      for (const p of document.querySelectorAll('svg.career-graph path.cg-edge, svg.career-graph path')) {
        const bb = p.getBBox();
        if (bb.x + bb.width > vb.width + 0.5) out.push(`an edge reaches x=${Math.round(bb.x + bb.width)}, past the canvas (${vb.width})`);
      }
      return out;
    });
    check(problems.length === 0, problems.join('\n'));
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

for (const width of [390, 1280]) {
  test(`layout: the search form's button sits beside its box (${width}px)`, async () => {
    const context = await newContext({ viewport: { width, height: 800 } });
    await eachPage(context, [['home', '/'], ['search', '/search/']], async (page, name) => page.evaluate(() => {
      const problems = [];
      for (const form of document.querySelectorAll('form[role="search"]')) {
        const input = form.querySelector('input[type="search"]').getBoundingClientRect();
        const button = form.querySelector('button[type="submit"]');
        if (!button) { problems.push(`${form.className} has no submit button`); continue; }
        const b = button.getBoundingClientRect();
        if (b.right > innerWidth + 1) problems.push(`${form.className}: the button sticks out to ${b.right}`);
        if (Math.abs((b.top + b.bottom) / 2 - (input.top + input.bottom) / 2) > 4) problems.push(`${form.className}: the button is not on the box's line`);
        if (b.left < input.right - 1) problems.push(`${form.className}: the button overlaps the box`);
      }
      return problems;
    }));
    for (const [name, path] of [['home', '/'], ['search', '/search/']]) {
      const page = await open(context, path);
      await page.screenshot({ path: join(SHOTS, `search-form-${name}-${width}.png`) });
      await page.close();
    }
    await context.close();
  });
}

// ---------------------------------------------------------------- main
async function htmlPages(dir, prefix = '/') {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...await htmlPages(join(dir, e.name), `${prefix}${e.name}/`));
    else if (e.name.endsWith('.html')) {
      const path = e.name === 'index.html' ? prefix : prefix + e.name;
      // A redirect page is no page a reader stays on: it is checked by where it leads.
      const target = (await readFile(join(dir, e.name), 'utf8')).match(/http-equiv="refresh" content="0; url=([^"]+)"/);
      if (target) redirects.push([path, target[1].replace(/&amp;/g, '&')]);
      else out.push(path);
    }
  }
  return out.sort();
}

async function main() {
  const filter = process.argv.slice(2);
  if (!existsSync(BIN)) throw new Error(`no rolebook binary at ${BIN}; run cargo build`);
  site = await mkdtemp(join(tmpdir(), 'rolebook-site-'));
  server = await serveStatic(join(site, 'public'));
  base = `http://127.0.0.1:${server.address().port}/`;
  execFileSync(BIN, ['build', '--root', REPO, '--base-url', base, '--output-dir', join(site, 'public'), '--quiet'], { stdio: 'inherit' });
  allPages = await htmlPages(join(site, 'public'));
  console.log(`site built into ${site}/public, ${allPages.length} pages, served at ${base}`);
  chrome = await startBrowser();
  console.log(`chromium ${chrome.browser.version()}`);
  let result;
  try {
    result = await runAll(filter.length ? filter : null);
  } finally {
    await chrome.close();
    server.close();
    await rm(site, { recursive: true, force: true });
  }
  console.log(`${result.passed} passed, ${result.failed} failed`);
  process.exitCode = result.failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
