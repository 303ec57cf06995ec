// Views of an event log, against the shared fixture in tests/fixtures/views/: the same checks as
// journey-core/tests/views.rs and tests/python/test_views.py. Sessions by the session column or by
// inactivity, the log by channel and by device, switches between consecutive events, and Markov
// attribution weighted by conversion value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;

const dir = join(fixtures, 'views');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const text = readFileSync(join(dir, want.events), 'utf8');

const load = (session = true) => {
  const columns = { ...want.columns };
  if (!session) delete columns.session;
  return EventLog.fromCsv(text, columns);
};

const close = (got, expected, what) =>
  assert.ok(Math.abs(got - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${got} != ${expected}`);

const byPath = (a, b) => (JSON.stringify(a.path) < JSON.stringify(b.path) ? -1 : 1);

function checkDiscovery(log, expected, what) {
  const found = log.discover();
  assert.equal(found.customers, expected.units, what);
  assert.equal(found.conversions, expected.conversions, what);
  if (expected.transitions) {
    const got = [...found.transitions].sort((a, b) =>
      a.source === b.source ? (a.target < b.target ? -1 : 1) : a.source < b.source ? -1 : 1,
    );
    assert.deepEqual(
      got.map((t) => [t.source, t.target, t.count]),
      expected.transitions.map((t) => [t.source, t.target, t.count]),
      what,
    );
    got.forEach((t, i) => close(t.mean_seconds, expected.transitions[i].mean_seconds, what));
  }
  const variants = found.variants.map(({ path, customers, conversions }) => ({ path, customers, conversions }));
  assert.deepEqual(variants.sort(byPath), [...expected.variants].sort(byPath), what);
  const first = log.attribution({ model: 'first_touch' });
  assert.deepEqual(first.rows.map((r) => r.touchpoint).sort(), Object.keys(expected.first_touch_value).sort(), what);
  for (const r of first.rows) close(r.value, expected.first_touch_value[r.touchpoint], what);
}

const camel = (view) => {
  const out = {};
  if ('timeout_minutes' in view) out.timeoutMinutes = view.timeout_minutes;
  if ('use_column' in view) out.useColumn = view.use_column;
  return out;
};

for (const c of want.sessions) {
  test(`sessions: ${c.name}`, () => {
    const base = load(!c.without_session_column);
    const log = c.view === null ? base : base.sessions(camel(c.view));
    assert.equal(log.customerCount, c.units);
    assert.equal(log.length, base.length);
    assert.deepEqual([...log.customerIds].sort(), c.ids);
    checkDiscovery(log, c, c.name);
  });
}

test('a gap of exactly the timeout stays in the session', () => {
  const log = EventLog.fromCsv(
    'customer_id,timestamp,touchpoint\nx,2026-03-01T10:00:00Z,a\nx,2026-03-01T10:30:00Z,b\nx,2026-03-01T11:00:00.001Z,c\n',
  );
  assert.deepEqual(log.sessions().customerIds, ['x#1', 'x#2']);
  assert.equal(log.sessions({ timeoutMinutes: 0 }).customerCount, 3);
});

for (const dimension of ['channel', 'device']) {
  test(`the log by ${dimension} rolls up exactly`, () => {
    const base = load();
    const log = base.by(dimension);
    assert.deepEqual([log.length, log.customerCount, log.conversions], [base.length, base.customerCount, base.conversions]);
    checkDiscovery(log, want.by[dimension], dimension);
    assert.deepEqual(base.by('touchpoint').discover(), base.discover());
  });

  test(`switches of ${dimension}`, () => {
    assert.deepEqual(load().switches(dimension), want.switches[dimension]);
  });
}

for (const name of ['counted', 'weighted']) {
  test(`markov ${name}`, () => {
    const expected = want.markov[name];
    const a = load().attribution({ model: 'markov', valueWeighted: expected.value_weighted });
    assert.equal(a.value_weighted, expected.value_weighted);
    assert.equal(a.conversions, expected.conversions);
    close(a.value, expected.value, name);
    close(a.conversion_probability, expected.conversion_probability, name);
    assert.deepEqual(a.rows.map((r) => r.touchpoint), expected.rows.map((r) => r.touchpoint));
    a.rows.forEach((r, i) => {
      for (const key of ['removal_effect', 'conversions', 'value']) close(r[key], expected.rows[i][key], `${name} ${key}`);
    });
  });
}

test('bad requests name the place', () => {
  const errors = want.errors;
  let c = errors.missing_session;
  const log = EventLog.fromCsv(c.csv, { session: 'session' });
  let e = throwsJourneyError(() => log.sessions(), 'argument');
  assert.ok(e.message.startsWith(`${c.name}: `) && e.message.includes(c.contains), e.message);
  assert.equal(log.sessions({ useColumn: false }).customerCount, 1);

  c = errors.timeout;
  e = throwsJourneyError(() => load().sessions({ timeoutMinutes: c.timeout_minutes, useColumn: false }), 'argument');
  assert.ok(e.message.startsWith('options.timeoutMinutes: ') && e.message.includes(c.contains), e.message);
  // Not a finite number: refused as every option is.
  e = throwsJourneyError(() => load().sessions({ timeoutMinutes: Infinity }), 'argument');
  assert.match(e.message, /^options\.timeoutMinutes: /);
  e = throwsJourneyError(() => load().sessions({ timeout_minutes: 5 }), 'argument');
  assert.match(e.message, /did you mean `timeoutMinutes`/);

  c = errors.no_channel;
  const bare = EventLog.fromCsv(errors.missing_session.csv);
  for (const call of [(d) => bare.by(d), (d) => bare.switches(d)]) {
    e = throwsJourneyError(() => call(c.dimension), 'argument');
    assert.ok(e.message.startsWith(`${c.name}: ${c.contains}`), e.message);
  }

  c = errors.weighted_linear;
  e = throwsJourneyError(() => load().attribution({ model: c.model, valueWeighted: true }), 'argument');
  assert.ok(e.message.startsWith('options.valueWeighted: ') && e.message.includes(c.contains), e.message);
  e = throwsJourneyError(() => load().by('screen'), 'argument');
  assert.match(e.message, /^dimension: unknown dimension "screen"/);
});
