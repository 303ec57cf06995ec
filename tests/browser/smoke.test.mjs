// Loads the web build in Debian's Chromium (never a downloaded browser) through a local static server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { launch, pageErrors, root, serveRepository } from './browser.mjs';

test('the web build loads the example map and analyses the example event log in Chromium', async (t) => {
  const example = JSON.parse(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json'), 'utf8'));
  const server = await serveRepository(t);
  const context = await launch(t);

  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${server.url}/tests/browser/smoke.html`);
  await page.waitForFunction(() => document.getElementById('status').textContent !== 'loading', null, {
    timeout: 30_000,
  });
  const text = async (id) => page.textContent(`#${id}`);

  assert.equal(await text('status'), 'done (schema 1)');
  assert.equal(Number(await text('stages')), example.stages.length);
  assert.equal(Number(await text('touchpoints')), example.touchpoints.length);
  assert.match(await text('path'), /^social_ad > .* > order_confirmation$/);
  assert.equal(await text('error-kind'), 'not_found');
  assert.equal(await text('problems'), 'unknown_reference@touchpoints[0].stage out_of_range@touchpoints[0].emotion');
  // Scores, gaps (aged against today) and the backlog agree with the Node build.
  const node = await import(join(root, 'journey-wasm', 'pkg', 'node', 'journey_wasm.js'));
  const journey = node.Journey.fromJson(example);
  assert.equal(await text('score'), journey.score().score.value.toFixed(9));
  assert.equal(await text('gaps'), journey.gaps().map((g) => g.kind).join(' '));
  assert.equal(Number(await text('backlog')), journey.prioritize({ model: { weights: { pain: 2 } } }).length);
  // The event log read from a Blob in the browser gives the Node build's answers.
  const csv = readFileSync(join(root, 'examples', 'data', 'electronics-events.csv'));
  const columns = { channel: 'channel', device: 'device', session: 'session', segment: 'segment', outcome: 'order_value' };
  const log = node.EventLog.fromCsv(csv, columns);
  assert.equal(await text('events'), `${log.length} events, ${log.customerCount} customers, ${log.conversions} conversions`);
  const stages = log.stageFunnel(journey).steps;
  assert.equal(stages[0].customers, 3000);
  assert.equal(await text('stage-funnel'), stages.map((s) => `${s.step}=${s.customers}`).join(' '));
  assert.equal(await text('progress'), `${csv.length}/${csv.length}`);
  assert.equal(await text('fitness'), log.conformance(journey).fitness.toFixed(9));
  assert.equal(await text('markov'), log.attribution().rows.slice(0, 3).map((r) => r.touchpoint).join(' '));
  assert.equal(Number(await text('report')), journey.toHtml({ asOf: '2026-11-01', top: 3 }, log).length);
  assert.match(await text('options-error'), /^argument: options\.as_of: unknown field `as_of`.*; did you mean `asOf`\?$/);
  assert.match(await text('csv-error'), /^csv: line 2, column "timestamp": cannot read "someday"/);
  assert.deepEqual(errors, []);
});
