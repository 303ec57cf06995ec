// Timestamps kept to the nanosecond, against the shared fixture tests/fixtures/precision/: the same checks as
// journey-core/tests/precision.rs and tests/python/test_precision.py (make.py counts each time's nanoseconds
// by hand). Events less than a millisecond apart come in their time order and their durations are exact,
// from CSV text and from arrays of ISO text; fractions of 9 digits (and more, rounded) are kept and come
// back as `as_of_iso` next to `as_of` in milliseconds; a time past the last nanosecond an i64 holds is an
// error naming its place and value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, wasm } from './helpers.mjs';

const { EventLog } = wasm;

const path = join(fixtures, 'precision', 'cases.json');
const cases = readCases(path);
// The nanoseconds as exact integers (JSON.parse would round them to doubles): from the file's text, in the
// order of the instants.
const raw = readFileSync(path, 'utf8');
const instantNs = [...raw.slice(raw.indexOf('"instants"')).matchAll(/"ns": (-?\d+)/g)].map((m) => BigInt(m[1]));

function check(log, how) {
  const found = log.discover();
  const paths = found.variants.flatMap((v) => Array(v.customers).fill(v.path.join(' > '))).sort();
  const want = Object.values(cases.order).map((p) => p.join(' > ')).sort();
  assert.deepEqual(paths, want, `${how}: order`);
  const rows = [...found.transitions].sort((a, b) => `${a.source} ${a.target}`.localeCompare(`${b.source} ${b.target}`));
  assert.deepEqual(
    rows.map((r) => [r.source, r.target, r.count]),
    cases.transitions.map((w) => [w.source, w.target, w.count]),
    how,
  );
  rows.forEach((r, i) => {
    for (const key of ['mean_seconds', 'median_seconds', 'p95_seconds']) {
      const w = cases.transitions[i][key];
      assert.ok(Math.abs(r[key] - w) <= 1e-12, `${how}: ${r.source} -> ${r.target} ${key}: ${r[key]} against ${w}`);
    }
  });
}

test('events less than a millisecond apart keep their order and durations', () => {
  check(EventLog.fromCsv(cases.csv), 'csv');
  const arrays = {
    customer: cases.events.map((e) => e.customer),
    timestamp: cases.events.map((e) => e.timestamp),
    touchpoint: cases.events.map((e) => e.touchpoint),
  };
  check(EventLog.fromArrays(arrays), 'arrays of ISO text');
});

test('fractions of nine digits and more are kept to the nanosecond', () => {
  assert.equal(instantNs.length, cases.instants.length);
  cases.instants.forEach((c, i) => {
    const log = EventLog.fromCsv(`customer_id,timestamp,touchpoint,value\nc,${c.text},a,0\n`, { outcome: 'value' });
    const t = log.timeToConvert();
    assert.equal(t.as_of_iso, c.iso, c.text);
    // as_of_ms: whole milliseconds, rounded down.
    const ns = instantNs[i];
    const ms = ns / 1000000n - (ns % 1000000n < 0n ? 1n : 0n);
    assert.equal(t.as_of_ms, Number(ms), c.text);
    // The ISO text reads back as the same time; a Date of as_of is the time to its millisecond.
    assert.equal(log.timeToConvert({ asOf: t.as_of_iso }).as_of_iso, c.iso, c.text);
    log.free();
  });
});

test('a time past the range names its place and value', () => {
  const late = cases.out_of_range;
  assert.throws(
    () => EventLog.fromCsv(late.csv),
    (e) => {
      assert.equal(e.kind, late.csv_error.kind);
      assert.equal(e.message, `line ${late.csv_error.line}, column "${late.csv_error.column}": ${late.message}`);
      return true;
    },
  );
  const arrays = { customer: ['p', 'p'], timestamp: ['2262-04-11T23:47:16Z', late.value], touchpoint: ['a', 'm'] };
  assert.throws(
    () => EventLog.fromArrays(arrays),
    (e) => {
      assert.equal(e.message, `row ${late.row}, column "timestamp": ${late.message}`);
      assert.deepEqual([e.row, e.column], [late.row, 'timestamp']);
      return true;
    },
  );
});
