// The HTML report's Shapley, cost per conversion and ROAS, retention cohorts, sessions and switches against
// the shared fixture (tests/fixtures/report), as the Rust and Python suites check them: the sentences and
// cells written from the figures worked out by hand, spend in its currency or the map's, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;
const dir = join(fixtures, 'report');
const want = readCases(join(dir, 'expected.json'));

const theMap = () => Journey.fromJson(readFileSync(join(dir, want.map), 'utf8'));
const theLog = (outcome = true) =>
  EventLog.fromCsv(readFileSync(join(dir, want.events), 'utf8'), {
    outcome: outcome ? want.outcome : undefined,
    channel: want.channel,
    device: want.device,
  });

const unescape = (s) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const text = (page) => unescape(page.replace(/<[^>]+>/g, ' ')).split(/\s+/).filter(Boolean).join(' ');
const cells = (page) => [...page.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => unescape(m[1].replace(/<[^>]+>/g, '')));

const rows = (page) =>
  [...page.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => cells(m[1])).filter((r) => r.length > 0);

function report({ j = theMap(), spend = want.spend, log = theLog() } = {}) {
  return j.toHtml({ asOf: '2026-12-01', spend }, log);
}

test('the report has every section with the figures of the fixture', () => {
  const page = report();
  for (const id of ['shapley', 'cost', 'cohorts', 'sessions', 'switches']) {
    assert.ok(page.includes(`<h3 id="${id}">`), id);
  }
  const words = text(page);
  for (const s of want.sentences) assert.ok(words.includes(s), s);
  const found = cells(page);
  for (const c of want.cells) assert.ok(found.includes(c), c);
  // The cost table, row by row: touchpoint (its name, then its id), spend, Markov's two columns, Shapley's two.
  const cost = rows(page).filter((r) => r.length === 6);
  assert.equal(cost.length, want.cost_rows.length);
  cost.forEach((row, i) => {
    const w = want.cost_rows[i];
    assert.ok(row[0].startsWith(w.touchpoint), row[0]);
    assert.deepEqual(row.slice(1), [w.spend, w.markov_cost, w.markov_roas, w.shapley_cost, w.shapley_roas]);
  });
  assert.ok(!report({ spend: null }).includes('<h3 id="cost">'));
});

test('Markov credit is the chain make.py solved', () => {
  const a = theLog().attribution({ model: 'markov', order: 1 });
  const m = want.markov;
  const fraction = (t) => t.split('/').map(Number).reduce((p, q) => p / q);
  const close = (x, y) => Math.abs(x - y) <= 1e-12 * Math.max(1, Math.abs(y));
  assert.ok(close(a.conversion_probability, fraction(m.conversion_probability)));
  assert.deepEqual(a.rows.map((r) => r.touchpoint).sort(), Object.keys(m.removal_effects).sort());
  for (const r of a.rows) {
    assert.ok(close(r.removal_effect, fraction(m.removal_effects[r.touchpoint])), r.touchpoint);
    assert.ok(close(r.conversions, m.credit[r.touchpoint].conversions), r.touchpoint);
    assert.ok(close(r.value, m.credit[r.touchpoint].value), r.touchpoint);
  }
});

test('the cost carries the currency the caller names', () => {
  const w = want.cost_currency;
  const log = theLog();
  const plain = log.cost(want.spend.amounts, { models: ['markov', 'shapley'] });
  assert.equal(plain.currency, null);
  const named = log.cost(want.spend.amounts, { models: ['markov', 'shapley'], currency: w.currency });
  assert.equal(named.currency, w.currency);
  assert.deepEqual(named.rows, plain.rows);
  for (const r of named.rows) {
    const figures = want[`cost_${r.model}`][r.touchpoint];
    assert.ok(Math.abs(r.conversions - figures.conversions) <= 1e-12 * Math.max(1, figures.conversions), r.touchpoint);
    assert.ok(Math.abs(r.value - figures.value) <= 1e-12 * Math.max(1, figures.value), r.touchpoint);
  }
  const e = throwsJourneyError(() => log.cost(want.spend.amounts, { currency: w.refused }), 'argument');
  assert.equal(e.message, `options.currency: ${w.refused_message}`);
});

test('the spend is in its currency or the map\'s, and a mismatch is refused', () => {
  const usd = theMap().withCurrency(want.mismatch.map_currency);
  const e = throwsJourneyError(() => report({ j: usd }), 'argument');
  assert.equal(e.message, want.mismatch.message);
  const plain = { amounts: want.spend.amounts };
  assert.ok(cells(report({ j: usd, spend: plain })).includes('$2.72 per $1'));
  const none = theMap().withCurrency(null);
  assert.ok(cells(report({ j: none, spend: plain })).includes('2.72 per 1 spent'));
  assert.equal(throwsJourneyError(() => report({ j: none }), 'argument').message, want.no_map_currency);
  const bad = throwsJourneyError(() => report({ spend: { ...want.spend, currency: 'euros' } }), 'argument');
  assert.ok(bad.message.startsWith('spend.currency: currency "euros" is not a currency'), bad.message);
});

test('spend needs a log with outcomes and amounts of money', () => {
  assert.equal(throwsJourneyError(() => theMap().toHtml({ spend: want.spend }), 'argument').message, want.without_outcome);
  assert.equal(throwsJourneyError(() => report({ log: theLog(false) }), 'argument').message, want.without_outcome);
  for (const amount of want.refused_amounts) {
    const m = throwsJourneyError(() => report({ spend: { amounts: { ad: amount } } }), 'argument').message;
    assert.ok(m.startsWith('spend["ad"]: ') && m.endsWith(want.refused_amount_message), m);
  }
  for (const empty of [{ amounts: {}, currency: 'EUR' }, { currency: 'EUR' }]) {
    assert.equal(throwsJourneyError(() => report({ spend: empty }), 'argument').message, want.empty_spend);
  }
  throwsJourneyError(() => report({ spend: { amounts: { fax: 1 } } }), 'not_found');
  throwsJourneyError(() => report({ spend: { amounts: { ad: 1 }, colour: 'EUR' } }), 'argument');
});
