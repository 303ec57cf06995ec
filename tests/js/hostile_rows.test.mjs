// Hostile rows (tests/fixtures/hostile/rows/cases.json): the same bad row gives the same row, column and
// message through EventLog.fromCsv and EventLog.fromArrays, as journey-core/tests/hostile_rows.rs and
// tests/python/test_hostile_rows.py check for the other readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const manifest = readCases(join(fixtures, 'hostile', 'rows', 'cases.json'));
const COLUMNS = ['customer_id', 'timestamp', 'touchpoint', 'outcome'];
const FIELDS = ['customer', 'timestamp', 'touchpoint', 'outcome'];

/** The case as CSV text, every field quoted; a null cannot be written: an empty field. */
function csv(rows) {
  const quote = (cell) => (cell === null ? '' : `"${cell.replaceAll('"', '""')}"`);
  return [COLUMNS.join(','), ...rows.map((row) => row.map(quote).join(','))].join('\n') + '\n';
}

/** The case as fromArrays' columns: the columns in `numbers` as numbers, the others as strings. */
function arrays(c) {
  const numbers = new Set(c.numbers ?? []);
  return Object.fromEntries(
    FIELDS.map((field, k) => [
      field,
      c.rows.map((row) => (row[k] === null ? null : numbers.has(COLUMNS[k]) ? Number(row[k]) : row[k])),
    ]),
  );
}

function checkLog(log, result, name) {
  assert.deepEqual([log.length, log.customerCount, log.conversions], [result.events, result.customers, result.conversions], name);
  const got = new Map(log.discover().variants.map((v) => [JSON.stringify(v.path), v.customers]));
  const want = new Map();
  for (const path of Object.values(result.paths)) {
    want.set(JSON.stringify(path), (want.get(JSON.stringify(path)) ?? 0) + 1);
  }
  assert.deepEqual(got, want, name);
}

test('the cases are there', () => {
  assert.ok(manifest.cases.length >= 15);
});

test('fromCsv gives each case its line, column and message', () => {
  for (const c of manifest.cases) {
    const read = () => EventLog.fromCsv(csv(c.rows), { outcome: 'outcome' });
    if (!c.error) {
      checkLog(read(), c.result, c.name);
      continue;
    }
    const e = throwsJourneyError(read, manifest.kinds.csv, c.name);
    const message = c.csv_message ?? c.error.message;
    assert.equal(e.message, `line ${c.error.row + 2}, column "${c.error.column}": ${message}`, c.name);
  }
});

test('fromArrays gives each case its row, column and message', () => {
  for (const c of manifest.cases) {
    const read = () => EventLog.fromArrays(arrays(c));
    if (!c.error) {
      checkLog(read(), c.result, c.name);
      continue;
    }
    const e = throwsJourneyError(read, manifest.kinds.arrays, c.name);
    const field = FIELDS[COLUMNS.indexOf(c.error.column)];
    const message = c.arrays_message ?? c.error.message;
    assert.equal(e.message, `row ${c.error.row}, column "${field}": ${message}`, c.name);
    assert.deepEqual([e.row, e.column, e.line ?? null, e.path ?? null], [c.error.row, field, null, null], c.name);
  }
});
