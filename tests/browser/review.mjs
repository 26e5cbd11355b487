// Manual review helper (not part of the suite): builds the site, then saves viewport-sized
// slices of a page so a person can look at long pages piece by piece.
// Usage: node review.mjs PATH WIDTH [dark|print] [maxSlices] [sliceHeight]
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveStatic, startBrowser, here } from './lib.mjs';

const [path = '/', width = '390', mode = 'light', max = '6', sliceH = '1100'] = process.argv.slice(2);
const REPO = resolve(here, '../..');
const site = await mkdtemp(join(tmpdir(), 'rolebook-review-'));
const server = await serveStatic(join(site, 'public'));
const base = `http://127.0.0.1:${server.address().port}/`;
execFileSync(process.env.ROLEBOOK_BIN || join(REPO, 'target/debug/rolebook'), ['build', '--root', REPO, '--base-url', base, '--output-dir', join(site, 'public'), '--quiet']);
const chrome = await startBrowser();
const context = await chrome.browser.newContext({ viewport: { width: +width, height: +sliceH }, colorScheme: mode === 'dark' ? 'dark' : 'light' });
const page = await context.newPage();
await page.goto(base + path.replace(/^\//, ''), { waitUntil: 'load' });
if (mode === 'print') await page.emulateMedia({ media: 'print' });
const out = process.env.REVIEW_DIR || '/tmp/view';
await mkdir(out, { recursive: true });
const total = await page.evaluate(() => document.scrollingElement.scrollHeight);
const startAt = process.env.START ? await page.evaluate((sel) => Math.max(0, document.querySelector(sel).getBoundingClientRect().top + scrollY - 20), process.env.START) : 0;
const name = (path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home') + (process.env.START ? '-' + process.env.START.replace(/[^a-z0-9]+/gi, '') : '') + `-${width}-${mode}`;
const files = [];
for (let i = 0, y = Math.round(startAt); i < +max && y < total; i++, y += +sliceH) {
  const file = join(out, `${name}-${String(i).padStart(2, '0')}.png`);
  await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y, width: +width, height: Math.min(+sliceH, total - y) } });
  files.push(file);
}
console.log(`height ${total}\n${files.join('\n')}`);
await chrome.close();
server.close();
