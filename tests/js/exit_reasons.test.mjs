// Why customers leave, against the shared fixture in tests/fixtures/exit_reasons/: the same checks as
// journey-core/tests/exit_reasons.rs and tests/python/test_exit_reasons.py. The `reason` column of every
// reader (fromCsv, fromFile, fromArrays) is counted at the touchpoint where each customer who did not
// convert left, from the reason of their last event; blank reasons are none, a converting customer's
// reason does not count, a missing column is named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { EventLog } = wasm;

const dir = join(fixtures, 'exit_reasons');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const bytes = readFileSync(join(dir, want.events));
const text = bytes.toString('utf8');

const shape = (d) => d.dropoff.map(({ touchpoint, customers, visitors, reasons }) => ({ touchpoint, customers, visitors, reasons }));

/** One CSV line's fields: quoted fields may hold commas and doubled quotes. */
function fields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** The fixture as `EventLog.fromArrays` takes it; an empty reason is null. */
function arrays() {
  const [header, ...rows] = text.trim().split('\n').map(fields);
  const at = (name) => header.indexOf(name);
  return {
    customer: rows.map((r) => r[at('customer_id')]),
    timestamp: rows.map((r) => r[at('timestamp')]),
    touchpoint: rows.map((r) => r[at('touchpoint')]),
    outcome: rows.map((r) => Number(r[at(want.columns.outcome)])),
    reason: rows.map((r) => r[at(want.columns.reason)] || null),
  };
}

test('every reader counts the reason of the last event of those who left', async () => {
  const logs = {
    text: EventLog.fromCsv(text, want.columns),
    bytes: EventLog.fromCsv(new Uint8Array(bytes), want.columns),
    file: await EventLog.fromFile(new Blob([bytes]), want.columns),
    arrays: EventLog.fromArrays(arrays()),
  };
  for (const [how, log] of Object.entries(logs)) {
    assert.deepEqual(shape(log.discover()), want.dropoff, how);
  }
  // Plain data: a JSON round trip keeps it.
  const whole = logs.text.discover();
  assert.deepEqual(JSON.parse(JSON.stringify(whole)), whole);
});

test('without a reason column there are no reasons', () => {
  const { reason, ...columns } = want.columns;
  assert.equal(reason, 'why');
  const found = EventLog.fromCsv(text, columns).discover();
  assert.ok(found.dropoff.every((d) => Array.isArray(d.reasons) && d.reasons.length === 0), JSON.stringify(found.dropoff));
  assert.deepEqual(found.dropoff.map((d) => d.customers), want.dropoff.map((d) => d.customers));
});

test('a reason column the log lacks is named', () => {
  const missing = want.missing_column;
  assert.throws(
    () => EventLog.fromCsv(text, { ...want.columns, reason: missing.reason }),
    (e) => e.kind === 'csv' && e.message.includes(missing.message_contains),
  );
  assert.throws(
    () => EventLog.fromArrays({ ...arrays(), reason: ['too expensive'] }),
    (e) => e.kind === 'argument' && e.message.includes('arrays.reason'),
  );
});

test('apply writes the reasons onto the map and the drop-off gaps name them', () => {
  const { Journey } = wasm;
  const log = EventLog.fromCsv(bytes, want.columns);
  const j = Journey.fromJson(readFileSync(join(dir, 'map.json'))).apply(log);
  for (const d of want.dropoff) assert.deepEqual(j.touchpoint(d.touchpoint).metrics.exit_reasons ?? [], d.reasons, d.touchpoint);
  assert.equal('exit_reasons' in j.touchpoint('paid').metrics, false);
  assert.equal(Journey.fromJson(j.toJson()).toJson(), j.toJson());
  const drop = j.gaps().filter((g) => g.kind === 'drop_off').map((g) => ({ touchpoint: g.location.touchpoint, message: g.message }));
  assert.deepEqual(drop, want.drop_off_gaps);
});

test('the reasons on a map are checked', () => {
  const { Journey } = wasm;
  for (const c of want.invalid_exit_reasons) {
    const doc = JSON.parse(readFileSync(join(dir, 'map.json'), 'utf8'));
    doc.touchpoints[2].metrics = c.metrics;
    assert.throws(
      () => Journey.fromJson(JSON.stringify(doc)),
      (e) => {
        assert.deepEqual(e.problems.map((p) => [p.kind, p.path]), [[c.kind, c.path]]);
        return true;
      },
      c.kind,
    );
  }
});
