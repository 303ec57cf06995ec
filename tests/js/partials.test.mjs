// Partials as values, against the shared fixture tests/fixtures/partials (the same checks as
// journey-core/tests/partials.rs and tests/python/test_partials.py): the customers split into 1, 2, 7 and 300
// parts, each part's partial sent as bytes, merged in several orders and tree shapes, finish into exactly what
// the in-memory methods give; bad bytes are refused with kind `partial`; partials of different analyses do
// not merge. The class is `JourneyPartial` here (in Rust and Python `Partial`), so that it does not hide
// TypeScript's own `Partial<T>`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey, JourneyPartial, CompareInputs, mergePartials } = wasm;

const dir = join(fixtures, 'partials');
const spec = readCases(join(dir, 'analyses.json'));
const csv = readFileSync(join(dir, 'log.csv'), 'utf8');
const columns = { outcome: 'value', reason: 'reason' };
const map = Journey.fromJson(readFileSync(join(dir, 'map.json'), 'utf8'));
const log = EventLog.fromCsv(csv, columns);

const camel = (k) => k.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/** The fixture's analyses with camelCase options, as JavaScript writes them; `"map": true` the map. */
function analyses() {
  const out = {};
  for (const [key, options] of Object.entries(spec.analyses)) {
    out[key] = Object.fromEntries(Object.entries(options).map(([k, v]) => [camel(k), k === 'map' ? map : v]));
  }
  return out;
}

/** What the in-memory method gives for the analysis `key` with (camelCase) `options`. */
function inMemory(key, options) {
  const kind = key.split(':')[0];
  const { steps, map: m, ...rest } = options;
  switch (kind) {
    case 'discover': return log.discover();
    case 'dfg': return log.dfg();
    case 'funnel': return log.funnel(steps, rest);
    case 'stage_funnel': return log.stageFunnel(map);
    case 'attribution': return log.attribution(rest);
    case 'markov': return log.attribution({ model: 'markov', ...rest });
    case 'conformance': return log.conformance(map);
    case 'loops': return log.loops(m);
    default: return undefined;
  }
}

const expected = Object.fromEntries(
  Object.entries(analyses()).filter(([k]) => k !== 'compare').map(([k, o]) => [k, inMemory(k, o)]),
);

/** The customers of a CSV text in `n` logs: customer k of the sorted ids in part `k * stride % n`. */
function strided(n, stride, text = csv) {
  const [header, ...rows] = text.trimEnd().split('\n');
  const ids = [...new Set(rows.map((r) => r.split(',')[0]))].sort();
  const rank = new Map(ids.map((c, k) => [c, k]));
  const parts = Array.from({ length: n }, () => [header]);
  for (const r of rows) parts[(rank.get(r.split(',')[0]) * stride) % n].push(r);
  return parts.map((p) => EventLog.fromCsv(p.join('\n') + '\n', columns));
}

function assertOnePass(partial, how) {
  assert.equal(partial.customers, spec.expected.customers, how);
  assert.equal(partial.events, spec.expected.events, how);
  assert.deepEqual(partial.analyses, Object.keys(spec.analyses).sort(), how);
  const results = partial.finish();
  for (const [key, want] of Object.entries(expected)) {
    // Counts identical and floats equal to the last bit (the rule asks 1e-12; the merge is exact).
    assert.deepStrictEqual(results[key], want, `${key}: ${how}`);
  }
  assert.ok(results.compare instanceof CompareInputs, how);
}

test('the fixture is what its file says', () => {
  assert.equal(log.length, spec.expected.events);
  assert.equal(log.customerCount, spec.expected.customers);
  assert.deepEqual(spec.parts, [1, 2, 7, 300]);
});

for (const n of spec.parts) {
  test(`${n} parts merge into the one-pass answer in every order and shape`, () => {
    const request = analyses();
    const parts = strided(n, 37);
    assert.equal(parts.length, n);
    const blobs = parts.map((p) => p.partial(request).toBytes());
    assert.ok(blobs.every((b) => b instanceof Uint8Array));
    const read = blobs.map((b) => JourneyPartial.fromBytes(b));
    let left = read[0];
    for (const p of read.slice(1)) left = left.merge(p);
    assertOnePass(left, `${n} parts, from the left`);
    assertOnePass(mergePartials([...blobs].reverse()), `${n} parts, reversed bytes as a tree`);
    let right = read[read.length - 1];
    read.slice(0, -1).reverse().forEach((p, i) => { right = p.merge(i % 2 ? right : right.toBytes()); });
    assertOnePass(right, `${n} parts, from the right`);
  });
}

test('compare inputs from partials compare as the logs do', () => {
  const start = 1772359200;
  const day = 86400;
  const cut = new Date((start + 10 * day) * 1000).toISOString();
  const first = log.filterPeriod('1970-01-01T00:00:00Z', cut);
  const second = log.filterPeriod(cut, '2200-01-01T00:00:00Z');
  const funnel = ['ad', 'site', 'checkout'];
  const side = (l) => {
    const keep = new Set(l.customerIds);
    const [header, ...rows] = csv.trimEnd().split('\n');
    const text = [header, ...rows.filter((r) => keep.has(r.split(',')[0]))].join('\n') + '\n';
    return mergePartials(strided(3, 2, text).map((p) => p.partial({ compare: { map, funnel } }))).finish().compare;
  };
  const got = side(first).compare(side(second), { journey: map, funnel });
  assert.deepStrictEqual(got, first.compare(second, { journey: map, funnel }));
});

test('bytes that are not a partial are refused by name', () => {
  const blob = log.partial({ discover: {}, markov: {} }).toBytes();
  assert.deepEqual([...blob.slice(0, 8)], [...new TextEncoder().encode('JRNYPART')]);
  assert.deepEqual([...blob.slice(8, 12)], [1, 0, 0, 0]);
  const refused = (bytes) => throwsJourneyError(() => JourneyPartial.fromBytes(bytes), 'partial').message;
  assert.equal(refused(new Uint8Array()), 'partial bytes: 0 bytes, too short for a partial (expected at least 12)');
  assert.equal(
    refused(new Uint8Array([80, 65, 82, 49, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    'partial bytes: not a partial result: expected the magic bytes JRNYPART at the start',
  );
  const other = blob.slice();
  other[8] = 2;
  assert.equal(refused(other), 'partial bytes: format version 2, this version of journey reads version 1');
  assert.equal(refused(blob.slice(0, -1)), 'partial bytes: truncated: the body ends too early');
  const longer = new Uint8Array(blob.length + 1);
  longer.set(blob);
  assert.equal(refused(longer), 'partial bytes: corrupted: 1 bytes left over after the body');
  for (let cut = 0; cut < blob.length; cut += 11) refused(blob.slice(0, cut));
  assert.equal(
    throwsJourneyError(() => JourneyPartial.fromBytes('JRNYPART'), 'argument').message,
    'bytes: expected a Uint8Array, found string',
  );
  assert.equal(
    throwsJourneyError(() => mergePartials([blob, 3]), 'argument').message,
    'partials[1]: expected a JourneyPartial or its bytes (Uint8Array), found number',
  );
  throwsJourneyError(() => new JourneyPartial(), 'argument');
});

test('partials of different analyses do not merge', () => {
  const e = throwsJourneyError(() => log.partial({ discover: {} }).merge(log.partial({ attribution: { model: 'linear' } })), 'argument');
  assert.equal(e.message, 'partial: partials of different requests do not merge: one has "discover", the other "attribution"');
  assert.match(
    throwsJourneyError(() => log.partial({ attribution: { model: 'linear' } }).merge(log.partial({ attribution: {} })), 'argument').message,
    /"attribution" has other options/,
  );
  assert.equal(throwsJourneyError(() => mergePartials([]), 'argument').message, 'partials: no partials to merge');
});

test('analyses are read with the core messages, options in camelCase', () => {
  const refused = (a) => throwsJourneyError(() => log.partial(a), 'argument').message;
  assert.equal(
    refused({ histogram: {} }),
    'analyses["histogram"]: unknown analysis "histogram", expected discover, dfg, funnel, stage_funnel, attribution, markov, conformance, loops or compare',
  );
  assert.equal(refused({ funnel: {} }), 'analyses["funnel"]: missing field `steps`');
  assert.equal(refused({ markov: { order: 5 } }), 'analyses["markov"].order: 5 is outside 1..=4');
  assert.equal(refused({ 'attribution:decay': { model: 'time_decay', halfLifeDays: -1 } }), 'analyses["attribution:decay"].halfLifeDays: -1 is not a number above 0');
  assert.equal(refused({ conformance: {} }), 'analyses["conformance"].map: expected a journey map');
  assert.equal(refused(['discover']), 'analyses: expected an object of analysis names to options, found array');
  assert.equal(refused({ discover: 3 }), 'analyses["discover"]: expected an object of options, found number');
  // null is no options; a map may be its JSON document.
  const loops = log.partial({ discover: null, loops: { map: JSON.parse(map.toJson()) } }).finish().loops;
  assert.deepStrictEqual(loops, log.loops(map));
});

test('a strict funnel is checked against every part, a split customer is named by conformance', () => {
  const a = EventLog.fromCsv('customer_id,timestamp,touchpoint\na,2026-03-01,ad\n');
  const b = EventLog.fromCsv('customer_id,timestamp,touchpoint\nb,2026-03-01,ad\nb,2026-03-02,cart\n');
  const request = { funnel: { steps: ['ad', 'cart'] } };
  const alone = throwsJourneyError(() => a.partial(request).finish(), 'not_found').message;
  assert.equal(alone, throwsJourneyError(() => a.funnel(['ad', 'cart']), 'not_found').message);
  const funnel = a.partial(request).merge(b.partial(request)).finish().funnel;
  assert.deepEqual(funnel.steps.map((s) => s.customers), [2, 1]);
  const x1 = EventLog.fromCsv('customer_id,timestamp,touchpoint\nx,2026-03-01,ad\n');
  const x2 = EventLog.fromCsv('customer_id,timestamp,touchpoint\nx,2026-03-02,site\n');
  const conformance = { conformance: { map } };
  const e = throwsJourneyError(() => x1.partial(conformance).merge(x2.partial(conformance)).finish(), 'duplicate');
  assert.equal(e.message, 'customer in two merged partials "x" already exists');
});
