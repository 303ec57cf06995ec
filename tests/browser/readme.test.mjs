// The README's browser block (marked `<!-- readme-test: browser ... -->`, so tests/js/readme.test.mjs does not
// run it in Node) runs in Debian's Chromium as written, on a page that gives it what it assumes: `journey-maps`
// is the web build (an import map), the example map is next to the page, `file` is a CSV file the user
// dropped, `show` shows the progress and `stopButton` is not pressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { readmeBlocks } from '../js/readme.mjs';
import { launch, pageErrors, serveRepository } from './browser.mjs';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<script type="importmap">{ "imports": { "journey-maps": "/journey-wasm/pkg/web/journey_wasm.js" } }</script>
<script type="module">
  const csv = await (await fetch('electronics-events.csv')).blob();
  window.file = new File([csv], 'electronics-events.csv', { type: 'text/csv' });
  window.progress = [];
  window.show = (fraction) => window.progress.push(fraction);
  window.stopButton = { pressed: false };
  try {
    await import('./readme-block.mjs');
    window.readmeDone = 'ok';
  } catch (e) {
    window.readmeDone = String(e && e.stack ? e.stack : e);
  }
</script>`;

test('the README block for the browser runs in Chromium', async (t) => {
  const blocks = readmeBlocks().filter((b) => b.mark !== undefined && b.mark.includes('tests/browser/readme.test.mjs'));
  assert.equal(blocks.length, 1, 'one README block is marked as run here');
  const server = await serveRepository(t);
  const context = await launch(t);
  const page = await context.newPage();
  const errors = pageErrors(page);
  // The page and the block are served next to the example data, as if they were files there.
  const base = `${server.url}/examples/data`;
  await page.route(`${base}/readme.html`, (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.route(`${base}/readme-block.mjs`, (route) =>
    route.fulfill({ contentType: 'text/javascript', body: blocks[0].code }));
  await page.goto(`${base}/readme.html`);
  await page.waitForFunction(() => window.readmeDone !== undefined, null, { timeout: 120_000 });
  assert.equal(await page.evaluate(() => window.readmeDone), 'ok');
  assert.match(await page.evaluate(() => document.querySelector('body > svg > title').textContent), /\S/);
  const progress = await page.evaluate(() => window.progress);
  assert.ok(progress.length > 0 && progress.at(-1) === 1, `progress ${progress}`);
  assert.deepEqual(errors, []);
});
