// Markov attribution solved exactly, exact attribution sums and cancellation, against the shared cases of
// tests/fixtures/hostile/markov/cases.json (also run by the Rust and Python tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const cases = JSON.parse(readFileSync(join(fixtures, 'hostile', 'markov', 'cases.json'), 'utf8'));

/** The CSV text of a `generate` recipe, expanded as make_cases.py does. */
function expand(generate) {
  const lines = ['customer_id,timestamp,touchpoint,converted'];
  // A customer with `copies: n` stands for n customers id0 .. id<n-1>, copy k walking from seed + k.
  const customers = generate.customers.flatMap((c) => c.copies === undefined ? [c] : Array.from(
    { length: c.copies },
    (_, k) => ({ id: `${c.id}${k}`, events: c.events, walk: { touchpoints: c.walk.touchpoints, seed: c.walk.seed + k },
      outcome: c.outcomes[k % c.outcomes.length] }),
  ));
  for (const c of customers) {
    const n = c.events;
    let x = c.walk?.seed;
    for (let i = 0; i < n; i++) {
      let t;
      if (c.pattern) {
        t = c.pattern[i % c.pattern.length];
      } else {
        x = (x * 48271) % 2147483647; // exact: below 2^53
        t = `t${x % c.walk.touchpoints}`;
      }
      lines.push(`${c.id},${1700000000 + i},${t},${i === n - 1 ? c.outcome : 0}`);
    }
  }
  return lines.join('\n') + '\n';
}

const logOf = (c) => EventLog.fromCsv(c.csv ?? expand(c.generate), { outcome: 'converted' });

function run(c, onProgress) {
  const model = c.model ?? 'markov';
  const options = { model, collapse: c.collapse ?? true };
  if (model === 'markov') options.order = c.order ?? 1;
  return logOf(c).attribution(options, onProgress);
}

function check(name, a, expect, tolerance) {
  const near = (what, got, want) =>
    assert.ok(Math.abs(got - want) <= tolerance, `${name}: ${what} is ${got}, expected ${want} (within ${tolerance})`);
  const row = (t) => a.rows.find((r) => r.touchpoint === t);
  if (expect.conversion_probability !== undefined) {
    near('conversion_probability', a.conversion_probability, expect.conversion_probability);
  }
  for (const [key, field] of [['removal_effects', 'removal_effect'], ['conversions', 'conversions'], ['value', 'value']]) {
    for (const [t, want] of Object.entries(expect[key] ?? {})) {
      if (want === 0 && row(t) === undefined) continue;
      assert.ok(row(t), `${name}: no row ${t}`);
      near(`${key}[${t}]`, row(t)[field], want);
    }
  }
  if (expect.total_conversions !== undefined) assert.equal(a.conversions, expect.total_conversions);
  if (expect.total_value !== undefined) assert.equal(a.value, expect.total_value, `${name}: value, exactly`);
  const sum = (f) => a.rows.reduce((s, r) => s + r[f], 0);
  if (expect.sum_of_conversions !== undefined) near('sum of conversions', sum('conversions'), expect.sum_of_conversions);
  if (expect.sum_of_value !== undefined) near('sum of value', sum('value'), expect.sum_of_value);
}

for (const c of cases.markov) {
  test(`markov: ${c.name}`, () => {
    if (c.error) {
      const e = throwsJourneyError(() => run(c), c.error);
      assert.match(e.message, /more than the limit of/);
      return;
    }
    check(c.name, run(c), c.expect, c.tolerance);
  });
}

for (const c of cases.values) {
  test(`values: ${c.name}`, () => {
    if (c.error) {
      const e = throwsJourneyError(() => logOf(c), c.error);
      assert.ok(e.message.includes(c.message) && e.message.includes('from 0 to 1e15'), e.message);
      return;
    }
    check(c.name, run(c), c.expect, 0);
  });
}

test('a progress callback returning false cancels with kind cancelled', () => {
  const c = cases.cancel;
  const calls = [];
  throwsJourneyError(() => run(c, (done, total) => { calls.push([done, total]); return false; }), c.error);
  assert.equal(calls.length, 1);
  // A callback that returns nothing goes on, and sees steps that only grow.
  const seen = [];
  const a = run(c, (done, total) => { seen.push([done, total]); });
  assert.ok(seen.length > 0);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1][0] <= seen[i][0] && seen[i][0] <= seen[i][1]);
  assert.deepEqual(a, run(c));
});

test('an exception thrown by the progress callback is rethrown as it is', () => {
  const mine = new RangeError('stop here');
  assert.throws(() => run(cases.cancel, () => { throw mine; }), (e) => e === mine);
  throwsJourneyError(() => run(cases.cancel, 3), 'argument');
});
