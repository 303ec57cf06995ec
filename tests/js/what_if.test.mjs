// EventLog.whatIf and the backlog's estimated effects against the shared fixture (tests/fixtures/what_if,
// worked out in exact fractions by its make_fixtures.py): the same checks as journey-core/tests/what_if.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'what_if');
const cases = readCases(join(dir, 'cases.json'));
const csv = readFileSync(join(dir, cases.events), 'utf8');
const log = (outcome = 'value') => EventLog.fromCsv(csv, outcome === null ? {} : { outcome });

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('whatIf gives the fixture figures', () => {
  const l = log();
  for (const c of cases.cases) {
    const w = l.whatIf(c.changes);
    assert.equal(w.customers, cases.customers);
    close(w.value_per_conversion, cases.value_per_conversion, c.name);
    for (const key of ['conversions_before', 'value_before', 'conversions_after', 'value_after']) {
      close(w[key], c[key], `${c.name}: ${key}`);
    }
    assert.equal(w.changes.length, c.per_change.length, c.name);
    w.changes.forEach((e, i) => {
      assert.deepEqual(e.change, c.changes[i]);
      close(e.before, c.per_change[i].before, `${c.name}: before`);
      close(e.conversions, c.per_change[i].conversions, `${c.name}: alone`);
      close(e.value, e.conversions * w.value_per_conversion, `${c.name}: value`);
    });
  }
});

test('bad changes name the field at fault', () => {
  const l = log();
  for (const c of cases.errors) {
    const e = throwsJourneyError(() => l.whatIf(c.changes), 'argument');
    assert.ok(e.message.startsWith(`${c.name}: `), `${e.message} should start with ${c.name}`);
    assert.ok(e.message.includes(c.message), e.message);
  }
  let e = throwsJourneyError(() => l.whatIf([{ change: 'completion', touchpoint: 'cart', share: 1 }]), 'argument');
  assert.match(e.message, /^changes\[0\]/);
  e = throwsJourneyError(() => l.whatIf('cart'), 'argument');
  assert.match(e.message, /^changes/);
  e = throwsJourneyError(() => log(null).whatIf([]), 'argument');
  assert.match(e.message, /^outcome: /);
});

test('completion 0 is the removal effect of Markov attribution', () => {
  const l = log();
  for (const row of l.attribution({ model: 'markov', order: 1 }).rows) {
    const w = l.whatIf([{ change: 'completion', touchpoint: row.touchpoint, completion: 0 }]);
    close(1 - w.conversions_after / w.conversions_before, row.removal_effect, row.touchpoint);
  }
});

const TIERS = ['effect', 'map', 'no_effect'];

// The rank rule (cases.json's backlog "ranking"): lines that win conversions first, by the effect's
// priority (conversions in place of reach); then those the log cannot judge; then those that win none.
function assertRankedInTiers(items) {
  assert.deepEqual(items.map((i) => i.rank), items.map((_, k) => k + 1));
  for (const i of items) {
    const gain = i.effect !== null && i.effect.conversions > 1e-9;
    assert.equal(i.ranked_by === 'effect', gain, i.title);
    if (i.effect === null) assert.equal(i.ranked_by, 'map');
    if (gain) close(i.effect.priority, (i.effect.conversions * i.impact * i.confidence * i.importance) / 5 / i.effort, i.title);
  }
  const key = (i) => (i.ranked_by === 'effect' ? i.effect.priority : i.priority);
  for (let k = 1; k < items.length; k++) {
    const [a, b] = [items[k - 1], items[k]];
    assert.ok(TIERS.indexOf(a.ranked_by) <= TIERS.indexOf(b.ranked_by), `${a.title} before ${b.title}`);
    if (a.ranked_by === b.ranked_by) assert.ok(key(a) >= key(b), `${a.title} before ${b.title}`);
  }
}

test('backlog lines carry the fixture effects', () => {
  const want = cases.backlog;
  const l = log();
  const j = Journey.fromJson(readFileSync(join(dir, want.map))).apply(l);
  const items = j.prioritize({ log: l });
  assert.equal(items[0].id, want.first);
  for (const w of want.lines) {
    const item = items.find((i) => i.id === w.id);
    assert.equal(item.source, w.source);
    const held = item.addresses.filter((a) => a.source !== 'gap').map((a) => a.id).sort();
    assert.deepEqual(held, w.addresses);
    close(item.effect.conversions, w.effect_conversions, `${w.id}: conversions`);
    close(item.effect.value, w.effect_value, `${w.id}: value`);
    assert.match(item.effect.basis, /absorbing Markov chain/);
    assert.equal(item.ranked_by, w.ranked_by);
  }
  assertRankedInTiers(items);
  const plain = j.prioritize();
  assert.ok(plain.every((i) => i.effect === null && i.ranked_by === 'map'));
  assertRankedInTiers(plain);
  // The log still works after lending its events to the backlog.
  assert.equal(l.whatIf([]).customers, cases.customers);
  throwsJourneyError(() => j.prioritize({ log: log(null) }), 'argument');
  throwsJourneyError(() => j.prioritize({ log: 'events.csv' }), 'argument');
  throwsJourneyError(() => j.prioritize({ asOf: '2026-11-01', lgo: l }), 'argument');
});

test('the example backlog leads with the delivery cost', () => {
  const events = readFileSync(join(root, 'examples', 'data', 'electronics-events.csv'), 'utf8');
  const l = EventLog.fromCsv(events, { outcome: 'order_value' });
  const j = Journey.fromJson(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json'))).apply(l);
  const items = j.prioritize({ log: l });
  assert.equal(items[0].id, 'opp_shipping_upfront');
  assert.ok(items[0].quick_win && items[0].effect.conversions > 1);
  assert.ok(items.slice(0, 5).every((i) => i.ranked_by === 'effect'));
  assert.ok(items.slice(0, 5).some((i) => i.id === 'opp_book_advisor'));
  assertRankedInTiers(items);
});
