// Hostile event-log input (tests/fixtures/hostile/ingest/): the shared cases as journey-core/tests/
// hostile_ingest.rs and tests/python/test_hostile_ingest.py run them, empty input as an empty log, the size
// limit of the CSV readers (refused before anything is copied, and the module keeps working), and
// timestamps out of range in fromArrays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const dir = join(fixtures, 'hostile', 'ingest');
const manifest = readCases(join(dir, 'cases.json'));
const GiB = 2 ** 30;

/** path (joined) -> customers, from each customer's path. */
function variantsOfPaths(paths) {
  const out = new Map();
  for (const path of Object.values(paths)) {
    const key = JSON.stringify(path);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

function variants(log) {
  return new Map(log.discover().variants.map((v) => [JSON.stringify(v.path), v.customers]));
}

test('the shared cases', () => {
  assert.ok(manifest.cases.length >= 10);
  for (const c of manifest.cases) {
    const bytes = new Uint8Array(readFileSync(join(dir, c.file)));
    if (c.error) {
      const e = throwsJourneyError(() => EventLog.fromCsv(bytes), c.error.kind, c.file);
      for (const fragment of c.error.contains) {
        assert.ok(e.message.includes(fragment), `${c.file}: ${e.message} lacks ${fragment}`);
      }
    } else {
      const log = EventLog.fromCsv(bytes);
      assert.equal(log.length, c.events, c.file);
      assert.equal(log.customerCount, c.customers, c.file);
      assert.deepEqual(variants(log), variantsOfPaths(c.paths), c.file);
    }
  }
});

test('empty input is an empty log', () => {
  for (const log of [
    EventLog.fromArrays({ customer: [], timestamp: [], touchpoint: [] }),
    EventLog.fromArrays({ customer: [], timestamp: [], touchpoint: [], outcome: [], channel: [] }),
    EventLog.fromCsv('customer_id,timestamp,touchpoint\n'),
    EventLog.fromCsv(''),
    EventLog.fromCsv(new Uint8Array(0)),
  ]) {
    assert.equal(log.length, 0);
    assert.equal(log.customerCount, 0);
    assert.equal(log.discover().variants.length, 0);
  }
});

test('CSV input over the limit is refused before it is copied, and the module keeps working', async () => {
  // A zero-filled buffer just over the limit: its pages are never touched (the size is checked first).
  const buffer = new ArrayBuffer(GiB + 1);
  for (const input of [new Uint8Array(buffer), buffer]) {
    const e = throwsJourneyError(() => EventLog.fromCsv(input), 'too_large');
    assert.equal(e.message, `input is ${GiB + 1} bytes, more than the limit of ${GiB} bytes`);
  }
  // A Blob says its size: it is not read.
  let read = false;
  const blob = { size: GiB + 1, arrayBuffer: () => { read = true; return Promise.resolve(new ArrayBuffer(0)); } };
  await assert.rejects(EventLog.fromFile(blob), (e) => e.kind === 'too_large' && /more than the limit/.test(e.message));
  assert.equal(read, false);
  const log = EventLog.fromCsv('customer_id,timestamp,touchpoint\nc,2026-03-01,t\n');
  assert.equal(log.length, 1);
});

test('fromArrays refuses times out of range and bad offsets, naming the entry', () => {
  const at = (timestamp) => ({ customer: ['a', 'a'], timestamp: ['2026-03-01', timestamp], touchpoint: ['x', 'y'] });
  const past = [new Date('2262-04-12T00:00:00Z'), new Date('1677-09-21T00:00:00Z'), '2262-04-11T23:47:16.854775808Z'];
  for (const bad of [new Date(8.64e15), 9e15, -9e18, ...past, '2026-03-01T10:00:00+25:00', '2026-03-01T10:00:00+99:99']) {
    const e = throwsJourneyError(() => EventLog.fromArrays(at(bad)), 'csv', String(bad));
    assert.match(e.message, /^row 1, column "timestamp": /);
    assert.deepEqual([e.row, e.column], [1, 'timestamp']);
    assert.match(e.message, /out of range/);
  }
  // The last millisecond a Date gives inside the range, and the last nanosecond as text.
  assert.equal(EventLog.fromArrays(at(new Date('2262-04-11T23:47:16.854Z'))).length, 2);
  assert.equal(EventLog.fromArrays(at('2262-04-11T23:47:16.854775807Z')).length, 2);
});

test('values that are not outcomes are refused with the core sentence (shared outcomes.json)', () => {
  const shared = JSON.parse(readFileSync(join(dir, 'outcomes.json'), 'utf8'));
  for (const text of shared.texts) {
    const csv = `customer_id,timestamp,touchpoint,value\nc,2026-03-01,t,${text}\n`;
    const e = throwsJourneyError(() => EventLog.fromCsv(csv, { outcome: 'value' }), 'csv', text);
    assert.ok(e.message.endsWith(`cannot read "${text}" as an outcome, ${shared.expected}`), e.message);
  }
  for (const n of [...shared.numbers, ...shared.integers]) {
    const arrays = { customer: ['c'], timestamp: ['2026-03-01'], touchpoint: ['t'], outcome: [n] };
    const e = throwsJourneyError(() => EventLog.fromArrays(arrays), 'csv', String(n));
    assert.equal(e.message, `row 0, column "outcome": cannot read ${n} as an outcome, ${shared.expected}`);
  }
});
