// Events of one customer with the same timestamp, from JavaScript: the shared cases of
// tests/fixtures/hostile/order/ through fromCsv (text and bytes) and fromArrays, and a shuffle of a log with
// many ties (and a sequence column) that must give the same answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'hostile', 'order');
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const exampleMap = () => Journey.fromJson(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json')));

/** A CSV text (no quoting) as `fromArrays` takes it, with the fields the column options name. */
function toArrays(text, columns) {
  const [header, ...rows] = text.trim().split(/\r?\n/).map((line) => line.split(','));
  const fields = { customer: 'customer_id', timestamp: 'timestamp', touchpoint: 'touchpoint', ...columns };
  delete fields.ties;
  const arrays = {};
  for (const [field, name] of Object.entries(fields)) {
    const i = header.indexOf(name);
    assert.ok(i >= 0, `no column ${name}`);
    arrays[field] = rows.map((r) => {
      if (field === 'outcome') return Number(r[i]);
      if (field === 'sequence') return r[i] === '' ? null : Number(r[i]);
      return r[i];
    });
  }
  return arrays;
}

/** Each customer's path: the segment column holds the customer id, so a segment is one customer. */
function paths(log, customers) {
  const out = {};
  for (const c of customers) {
    const variants = log.filterSegment(c).discover().variants;
    assert.equal(variants.length, 1, c);
    out[c] = variants[0].path;
  }
  return out;
}

for (const c of cases.cases) {
  test(`shared case: ${c.name}`, () => {
    const discoveries = [];
    for (const file of c.files) {
      const text = readFileSync(join(dir, file), 'utf8');
      const logs = {
        text: EventLog.fromCsv(text, c.columns),
        bytes: EventLog.fromCsv(new TextEncoder().encode(text), c.columns),
        arrays: EventLog.fromArrays(toArrays(text, c.columns), { ties: c.columns.ties }),
      };
      for (const [how, log] of Object.entries(logs)) {
        assert.deepEqual(paths(log, Object.keys(c.paths)), c.paths, `${file} by ${how}`);
        assert.equal(log.customerCount, Object.keys(c.paths).length);
        discoveries.push(log.discover());
      }
    }
    for (const d of discoveries) assert.deepEqual(d, discoveries[0]);
  });
}

for (const c of cases.errors) {
  test(`shared error: ${c.name}`, () => {
    const e = throwsJourneyError(() => EventLog.fromCsv(c.text, c.columns), c.kind);
    for (const part of c.contains) assert.ok(e.message.includes(part), `${e.message} lacks ${part}`);
  });
}

test('fromArrays refuses a bad tie order and sequence numbers that are not integers, naming the place', () => {
  const arrays = { customer: ['a', 'a'], timestamp: [1, 1], touchpoint: ['x', 'y'] };
  let e = throwsJourneyError(() => EventLog.fromArrays(arrays, { ties: 'shuffled' }), 'argument');
  assert.ok(e.message.includes('shuffled') && e.message.includes('canonical'), e.message);
  throwsJourneyError(() => EventLog.fromArrays(arrays, { order: 'input' }), 'argument');
  // A value of a row is a fault of the table at that row and column (kind csv), as in every reader.
  e = throwsJourneyError(() => EventLog.fromArrays({ ...arrays, sequence: [1, 1.5] }), 'csv');
  assert.ok(e.message.startsWith('row 1, column "sequence": cannot read 1.5 as a sequence number'), e.message);
  assert.deepEqual([e.row, e.column], [1, 'sequence']);
  e = throwsJourneyError(() => EventLog.fromArrays({ ...arrays, sequence: [1, '2'] }), 'csv');
  assert.ok(e.message.startsWith('row 1, column "sequence": expected an integer or null'), e.message);
  e = throwsJourneyError(() => EventLog.fromArrays({ ...arrays, sequence: [1] }), 'argument');
  assert.ok(e.message.startsWith('arrays.sequence: has 1 entries, expected 2'), e.message);
});

test('ties "input" keeps the order of the entries', () => {
  const arrays = { customer: ['a', 'a', 'a'], timestamp: [5, 5, 5], touchpoint: ['z', 'x', 'y'], sequence: [1, 2, 0] };
  const path = (log) => log.discover().variants[0].path;
  assert.deepEqual(path(EventLog.fromArrays(arrays, { ties: 'input' })), ['z', 'x', 'y']);
  assert.deepEqual(path(EventLog.fromArrays(arrays)), ['y', 'z', 'x']);
  const { sequence, ...plain } = arrays;
  assert.deepEqual(sequence, [1, 2, 0]);
  assert.deepEqual(path(EventLog.fromArrays(plain)), ['x', 'y', 'z']);
});

/** A small deterministic generator (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function answers(log, map) {
  const out = {
    discovery: log.discover(),
    funnel: log.funnel(['product_page', 'cart', 'payment']),
    stageFunnel: log.stageFunnel(map),
    conformance: log.conformance(map),
    loops: log.loops(map),
  };
  for (const model of ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'markov']) {
    const options = model === 'markov' ? [{ order: 1 }, { order: 2 }] : [model === 'time_decay' ? { halfLifeDays: 0.01 } : {}];
    options.forEach((o, k) => {
      out[`${model}${k}`] = log.attribution({ model, ...o });
    });
  }
  return out;
}

for (const withSequence of [false, true]) {
  test(`shuffled entries with ties give the same answers (${withSequence ? 'with' : 'without'} a sequence)`, () => {
    const random = rng(9);
    const pick = (xs) => xs[Math.floor(random() * xs.length)];
    const touchpoints = ['product_page', 'cart', 'payment', 'shipping', 'phone_advice'];
    const rows = Array.from({ length: 2000 }, () => ({
      customer: `c${Math.floor(random() * 50)}`,
      timestamp: 1772360100 + Math.floor(random() * 4),
      touchpoint: pick(touchpoints),
      channel: pick(['web', 'app', null]),
      sequence: pick([null, 1, 2]),
      outcome: pick([0, 0, 0, 0, 0, 0, 10.5, 3]),
    }));
    const arrays = (list) => {
      const a = {};
      for (const field of ['customer', 'timestamp', 'touchpoint', 'channel', 'outcome']) a[field] = list.map((r) => r[field]);
      if (withSequence) a.sequence = list.map((r) => r.sequence);
      return a;
    };
    const map = exampleMap();
    const want = answers(EventLog.fromArrays(arrays(rows)), map);
    const shuffled = rows.slice();
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    for (const list of [shuffled, rows.slice().reverse()]) {
      assert.deepEqual(answers(EventLog.fromArrays(arrays(list)), map), want);
      const header = 'customer_id,timestamp,touchpoint,channel,seq,value';
      const lines = list.map((r) => [r.customer, r.timestamp, r.touchpoint, r.channel ?? '', r.sequence ?? '', r.outcome].join(','));
      const columns = { channel: 'channel', outcome: 'value', ...(withSequence ? { sequence: 'seq' } : {}) };
      assert.deepEqual(answers(EventLog.fromCsv([header, ...lines].join('\n'), columns), map), want);
    }
  });
}
