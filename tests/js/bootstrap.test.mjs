// Bootstrap intervals on attribution shares, against the shared case of tests/fixtures/bootstrap/cases.json
// (worked out by its make.py; also run by the Rust and Python tests), and the intervals' properties.
// Options are camelCase here (`perConversion`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const cases = readCases(join(fixtures, 'bootstrap', 'cases.json'));
const logOf = (csv) => EventLog.fromCsv(csv, { outcome: cases.outcome });
const log = logOf(cases.events);

function close(got, want, what) {
  assert.ok(Math.abs(got - want) <= 1e-9, `${what}: ${got} != ${want}`);
}

for (const [model, want] of Object.entries(cases.models)) {
  test(`${model} intervals are those worked out by hand`, () => {
    const a = log.attributionIntervals({ model, resamples: cases.resamples, level: cases.level, seed: cases.seed });
    assert.equal(a.model, model);
    assert.deepEqual([a.customers, a.conversions, a.resamples], [cases.customers, cases.conversions, want.resamples]);
    assert.deepEqual(a.rows.map((r) => r.touchpoint), want.rows.map((w) => w.touchpoint));
    a.rows.forEach((r, i) => {
      for (const k of ['share', 'low', 'high']) close(r[k], want.rows[i][k], `${model} ${r.touchpoint} ${k}`);
    });
  });
}

for (const model of ['first_touch', 'linear', 'markov']) {
  test(`${model} intervals hold the share and follow the seed`, () => {
    const first = log.attributionIntervals({ model, resamples: 100, seed: 1 });
    for (let seed = 0; seed < 4; seed++) {
      const a = log.attributionIntervals({ model, resamples: 100, seed });
      for (const r of a.rows) assert.ok(r.low <= r.share && r.share <= r.high, JSON.stringify(r));
      assert.deepEqual(a, log.attributionIntervals({ model, resamples: 100, seed }));
      if (seed !== 1) assert.notDeepEqual(a.rows, first.rows, `seeds ${seed} and 1 drew the same intervals`);
    }
  });
}

test('more customers give narrower intervals', () => {
  const [header, ...lines] = cases.events.trim().split('\n');
  const copies = [];
  for (let k = 0; k < 8; k++) {
    for (const line of lines) {
      const at = line.indexOf(',');
      copies.push(`${line.slice(0, at)}-${k}${line.slice(at)}`);
    }
  }
  const small = log.attributionIntervals({ model: 'linear', seed: 5 });
  const large = logOf(`${header}\n${copies.join('\n')}\n`).attributionIntervals({ model: 'linear', seed: 5 });
  assert.deepEqual(large.rows.map((r) => r.touchpoint), small.rows.map((r) => r.touchpoint));
  large.rows.forEach((l, i) => {
    const s = small.rows[i];
    assert.ok(l.high - l.low < s.high - s.low, `${l.touchpoint}: ${JSON.stringify(l)} vs ${JSON.stringify(s)}`);
  });
});

test('perConversion and progress', () => {
  const a = log.attributionIntervals({ model: 'last_touch', perConversion: true, resamples: 20 });
  assert.equal(a.resamples, 20);
  const seen = [];
  log.attributionIntervals({ model: 'linear', resamples: 30 }, (done, total) => { seen.push([done, total]); });
  assert.deepEqual([seen[0], seen.at(-1)], [[0, 30], [30, 30]]);
  throwsJourneyError(() => log.attributionIntervals({ model: 'linear', resamples: 30 }, () => false), 'cancelled');
});

test('the limits are errors naming the option', () => {
  for (const [options, message] of [
    [{ resamples: 0 }, 'options.resamples: 0 is outside 1..=10000'],
    [{ resamples: 10001 }, 'options.resamples: 10001 is outside 1..=10000'],
    [{ level: 1 }, 'options.level: 1 is not a confidence level strictly between 0 and 1'],
    [{ halfLifeDays: 3 }, 'options.halfLifeDays: is a parameter of time_decay, not of linear'],
  ]) {
    const e = throwsJourneyError(() => log.attributionIntervals({ model: 'linear', ...options }), 'argument');
    assert.equal(e.message, message);
  }
  const e = throwsJourneyError(() => log.attributionIntervals({ model: 'linear', resample: 9 }), 'argument');
  assert.match(e.message, /^options\.resample: unknown field `resample`, expected one of `model`, .*`resamples`, `level`, `seed`$/);
});
