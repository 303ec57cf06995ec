// The web example (examples/web/) in Debian's Chromium, served by its own static server: the poster, the
// scores, an event log dropped on the page (with the paths around a touchpoint the user picks and the time
// to convert), and a broken file. Build the package first (scripts/build-wasm.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch, pageErrors, root, serveRepository } from './browser.mjs';

const screenshot = process.env.JOURNEY_WEB_SCREENSHOT ?? '/tmp/journey-web.png';

const examplePath = join(root, 'examples', 'data', 'electronics-retailer.json');
const csvPath = join(root, 'examples', 'data', 'electronics-events.csv');

/**
 * In the page: every <text> of the poster with its box in the poster's user space (getBBox through the
 * element's transforms), and the first pair of boxes that overlap by more than `eps` (touching is fine).
 */
function overlapsInPage(eps) {
  const svg = document.querySelector('#poster svg');
  const toRoot = svg.getScreenCTM().inverse();
  const boxes = [...svg.querySelectorAll('text')].map((text) => {
    const b = text.getBBox();
    const m = toRoot.multiply(text.getScreenCTM());
    const corners = [
      [b.x, b.y],
      [b.x + b.width, b.y],
      [b.x, b.y + b.height],
      [b.x + b.width, b.y + b.height],
    ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(m));
    const xs = corners.map((p) => p.x);
    const ys = corners.map((p) => p.y);
    return {
      text: text.textContent,
      box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map((v) => Math.round(v * 100) / 100),
    };
  });
  const nonEmpty = boxes.filter((b) => b.text.trim() !== '' && b.box[2] > b.box[0] && b.box[3] > b.box[1]);
  for (let i = 0; i < nonEmpty.length; i += 1) {
    for (let j = i + 1; j < nonEmpty.length; j += 1) {
      const [a, b] = [nonEmpty[i].box, nonEmpty[j].box];
      if (a[0] < b[2] - eps && b[0] < a[2] - eps && a[1] < b[3] - eps && b[1] < a[3] - eps) {
        return { count: boxes.length, overlap: [nonEmpty[i], nonEmpty[j]] };
      }
    }
  }
  return { count: boxes.length, overlap: null };
}

test('the web example shows the map, analyses a dropped event log and explains a broken file', async (t) => {
  const node = await import(join(root, 'journey-wasm', 'pkg', 'node', 'journey_wasm.js'));
  const journey = node.Journey.fromJson(readFileSync(examplePath, 'utf8'));
  const stages = journey.stages();
  const touchpoints = journey.touchpoints();

  const server = await serveRepository(t);
  const context = await launch(t, { viewport: { width: 1400, height: 1000 } });

  const page = await context.newPage();
  const errors = pageErrors(page);

  // The server answers with the types a browser needs for ES modules and wasm streaming.
  for (const [path, type] of [
    ['/examples/web/', 'text/html'],
    ['/examples/web/app.js', 'text/javascript'],
    ['/examples/web/style.css', 'text/css'],
    ['/journey-wasm/pkg/web/journey_wasm_bg.wasm', 'application/wasm'],
  ]) {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 200, path);
    assert.ok(response.headers.get('content-type').startsWith(type), `${path}: ${response.headers.get('content-type')}`);
    await response.arrayBuffer();
  }
  assert.equal((await fetch(`${server.url}/examples/../../etc/passwd`)).status, 404);

  await page.goto(`${server.url}/examples/web/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  assert.equal(await page.isVisible('#error'), false);

  // The example map: poster, scores, gaps, backlog.
  await page.click('#load-example');
  await page.waitForSelector('#poster svg');
  assert.equal(await page.textContent('#map-title'), journey.name);
  assert.equal(await page.locator('#poster svg g.stage').count(), stages.length, 'one column per stage');
  assert.equal(await page.locator('#poster svg g.card').count(), touchpoints.length, 'one card per touchpoint');
  // Every touchpoint's label is on a card (names may wrap over several <text> lines).
  const cards = await page.$$eval('#poster svg g.card', (gs) =>
    gs.map((g) => [...g.querySelectorAll('text')].map((x) => x.textContent).join(' ')),
  );
  for (const tp of touchpoints) {
    assert.ok(cards.some((c) => c.includes(tp.name)), `no card shows "${tp.name}"`);
  }
  const columnText = await page.$$eval('#poster svg g.stage', (gs) => gs.map((g) => g.textContent));
  for (const [i, stage] of stages.entries()) assert.ok(columnText[i].includes(stage.name), stage.name);

  const { count, overlap } = await page.evaluate(overlapsInPage, 0.01);
  assert.ok(count > touchpoints.length, `only ${count} text elements`);
  assert.equal(
    overlap,
    null,
    overlap && `"${overlap[0].text}" ${JSON.stringify(overlap[0].box)} overlaps "${overlap[1].text}" ${JSON.stringify(overlap[1].box)}`,
  );

  const score = journey.score();
  assert.equal(await page.locator('#stage-scores tbody tr').count(), stages.length);
  assert.ok((await page.textContent('#journey-score')).startsWith(node.formatNumber(score.score.value, 1)));
  const weakestStage = score.stages.reduce((a, b) => (b.score.value < a.score.value ? b : a)).stage;
  assert.equal(await page.getAttribute('#stage-scores tr.weakest', 'data-stage'), weakestStage);
  assert.equal(await page.locator('#gaps tbody tr').count(), Math.max(1, journey.gaps().length));
  assert.equal(await page.locator('#backlog tbody tr').count(), journey.prioritize().length);

  // An event log, chosen with the file input (as dropped files are), read in the browser.
  await page.setInputFiles('#log-file', csvPath);
  await page.waitForSelector('#analytics:not([hidden])', { timeout: 30_000 });
  const log = node.EventLog.fromCsv(readFileSync(csvPath), { outcome: 'order_value' });
  const funnel = log.stageFunnel(journey);
  const rows = await page.$$eval('#funnel tbody tr', (trs) =>
    trs.map((tr) => ({ step: tr.dataset.step, customers: Number(tr.cells[1].dataset.value), shown: tr.cells[1].textContent })),
  );
  assert.equal(rows.length, stages.length, 'one funnel row per stage');
  assert.deepEqual(
    rows.map((r) => [r.step, r.customers, r.shown]),
    funnel.steps.map((s) => [s.step, s.customers, node.formatCount(s.customers)]),
  );
  assert.equal(await page.locator('#funnel-chart svg').count(), 1);
  assert.match(await page.textContent('#log-status'), new RegExp(`${node.formatCount(log.length)} events`));
  const markov = log.attribution();
  const credited = await page.$$eval('#attribution tbody tr', (trs) => trs.map((tr) => tr.dataset.touchpoint));
  assert.deepEqual(credited, markov.rows.map((r) => r.touchpoint));
  assert.equal(await page.locator('#attribution-chart svg').count(), 1);
  assert.ok((await page.locator('#dropoff tbody tr').count()) > 0);
  // The paths around a touchpoint: first where most customers left, then the one the user picks.
  const discovery = log.discover();
  const worst = discovery.dropoff.find((d) => d.customers > 0).touchpoint;
  const name = (id) => touchpoints.find((tp) => tp.id === id)?.name ?? id;
  assert.equal(await page.inputValue('#paths-touchpoint'), worst);
  assert.equal(await page.locator('#paths-touchpoint option').count(), discovery.visits.length);
  assert.equal(await page.textContent('#paths-chart svg title'), `Paths around ${name(worst)}`);
  const around = log.pathsAround(worst, { steps: 3 });
  assert.ok((await page.textContent('#paths-note')).startsWith(`${node.formatCount(around.customers)} customers came to ${name(worst)}`));
  const other = discovery.visits.map((v) => v.touchpoint).find((id) => id !== worst && touchpoints.some((tp) => tp.id === id));
  await page.selectOption('#paths-touchpoint', other);
  await page.waitForFunction(
    (title) => document.querySelector('#paths-chart svg title')?.textContent === title,
    `Paths around ${name(other)}`,
  );
  const picked = log.pathsAround(other, { steps: 3 });
  assert.ok((await page.textContent('#paths-note')).startsWith(`${node.formatCount(picked.customers)} customers came to ${name(other)}`));
  // Fewer events each way: the library's own chart for those options.
  await page.selectOption('#paths-steps', '1');
  await page.waitForFunction(() => /1 event each way/.test(document.getElementById('paths-note').textContent));
  const drawn = await page.$eval('#paths-chart svg', (svg) => svg.querySelectorAll('text').length);
  const want = node.pathsSankeySvg(log.pathsAround(other, { steps: 1 }), journey);
  assert.equal(drawn, (want.match(/<text /g) ?? []).length);

  // The time to convert: the core's figures in words and its Kaplan–Meier chart.
  const time = log.timeToConvert();
  const duration = (s) => node.formatDuration(s * 1000);
  assert.equal(await page.textContent('#time-chart svg title'), 'Time to convert');
  const figures = await page.textContent('#time-figures');
  assert.ok(
    figures.startsWith(
      `Of the ${node.formatCount(time.converted)} customers who converted: median ${duration(time.median_seconds)}, ` +
        `90th percentile ${duration(time.p90_seconds)}. Counting the ${node.formatCount(time.censored)} customers`,
    ),
    figures,
  );
  const km = time.km_median_seconds === null ? 'not reached' : duration(time.km_median_seconds);
  assert.ok(figures.includes(`Kaplan–Meier median is ${km}`), figures);

  // The poster now carries the observed flow.
  assert.match(await page.textContent('#poster svg'), /entered/);
  // The backlog uses the log too: ranked by each line's estimated effect, as the report ranks it.
  const ranked = journey.apply(log).prioritize({ log });
  assert.equal(ranked[0].ranked_by, 'effect');
  const first = await page.$eval('#backlog tbody tr', (tr) => [...tr.cells].map((c) => c.textContent));
  assert.ok(first[1].startsWith(ranked[0].title), `${first[1]} vs ${ranked[0].title}`);
  assert.equal(first[8], node.formatNumber(ranked[0].effect.priority, 2));
  assert.equal(first[9], `${node.formatSigned(ranked[0].effect.conversions, 1)} conversions, ${node.formatSigned(ranked[0].effect.value, 0)} in value`);

  await page.screenshot({ path: screenshot, fullPage: true });

  // A broken map file: the error is shown with its kind and message; the map shown stays.
  const broken = '{"schema_version": 1, "id": "x", ';
  let expected;
  try {
    node.Journey.fromJson(broken);
  } catch (e) {
    expected = e;
  }
  assert.equal(expected?.kind, 'json');
  await page.setInputFiles('#map-file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error-kind'), 'json');
  assert.equal(await page.textContent('#error-message'), expected.message);
  assert.match(await page.textContent('#error-title'), /broken\.json/);
  assert.equal(await page.locator('#poster svg g.stage').count(), stages.length, 'the map shown before stays');

  // A map that parses but does not check: kind invalid with its problems listed.
  const invalid = JSON.parse(readFileSync(examplePath, 'utf8'));
  invalid.touchpoints[0].stage = 'nowhere';
  await page.click('#error-close');
  await page.setInputFiles('#map-file', {
    name: 'invalid.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(invalid)),
  });
  await page.waitForSelector('#error:not([hidden])');
  assert.equal(await page.textContent('#error-kind'), 'invalid');
  assert.match(await page.textContent('#error-problems'), /touchpoints\[0\]\.stage/);

  // Broken event logs: kind csv, naming the line and the column.
  await page.click('#error-close');
  await page.setInputFiles('#log-file', {
    name: 'bad.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('customer_id,timestamp,touchpoint,order_value\nA,someday,x,0\n'),
  });
  await page.waitForFunction(() => document.getElementById('error-kind').textContent === 'csv');
  assert.match(await page.textContent('#error-message'), /^line 2, column "timestamp": cannot read "someday"/);
  assert.match(await page.textContent('#error-title'), /bad\.csv/);
  // Without the outcome column the page says which column is missing; clearing the name reads the log.
  await page.click('#error-close');
  await page.setInputFiles('#log-file', {
    name: 'no-outcome.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('customer_id,timestamp,touchpoint\nA,2026-03-01,social_ad\n'),
  });
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error-message'), /missing column "order_value"/);
  await page.fill('#col-outcome', '');
  await page.dispatchEvent('#col-outcome', 'change');
  await page.waitForFunction(() => /no-outcome\.csv: 1 events/.test(document.getElementById('log-status').textContent));
  assert.equal(await page.isVisible('#error'), false);

  assert.deepEqual(errors, []);
});
