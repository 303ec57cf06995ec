// The JavaScript API: loading, the builder, queries, errors, and robustness against bad arguments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ERROR_KINDS, ids, root, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey, JourneyBuilder, jsonSchema, schemaVersion } = wasm;

const examplePath = join(root, 'examples', 'data', 'electronics-retailer.json');
const exampleBytes = () => new Uint8Array(readFileSync(examplePath));

/** A shop journey with a loop back from advocacy to awareness. */
function cyclicShop() {
  const b = new JourneyBuilder('shop', 'Shop', true);
  b.description('A small shop');
  b.kind('future_state');
  b.reviewedOn('2026-01-15');
  b.persona({ id: 'pat', name: 'Pat', preferred_channels: ['web', 'other:kiosk'] });
  b.touchpoint({ id: 'ad', name: 'Social ad', stage: 'awareness', channel: 'social', emotion: 1 });
  b.touchpoint({ id: 'site', name: 'Website', stage: 'consideration', channel: 'web', personas: ['pat'] });
  b.touchpoint({ id: 'kiosk', name: 'Kiosk', stage: 'consideration', channel: 'other:kiosk' });
  b.touchpoint({
    id: 'order', name: 'Order', stage: 'purchase', channel: 'web', emotion: -0.5,
    persona_emotions: { pat: 1.5 }, pain_points: [{ id: 'slow', description: 'Slow page', severity: 3, share: 0.2 }],
  });
  b.touchpoint({ id: 'share', name: 'Share', stage: 'advocacy', channel: 'social' });
  b.transition({ from: 'ad', to: 'site' });
  b.transition({ from: 'site', to: 'order', probability: 0.3 });
  b.transition({ from: 'kiosk', to: 'order' });
  b.transition({ from: 'order', to: 'share', expected: false, observed: true, count: 12 });
  b.transition({ from: 'share', to: 'ad' });
  b.entry('ad');
  b.entry('kiosk');
  b.goal('order');
  return b.build();
}

test('the example loads from bytes, text and object, and round-trips', () => {
  const j = Journey.fromJson(exampleBytes());
  assert.equal(j.id, 'electronics-retailer');
  assert.equal(j.stages().length, 5);
  assert.equal(j.touchpointCount, j.touchpoints().length);
  assert.deepEqual(j.validate(), []);
  const text = j.toJson();
  const again = Journey.fromJson(text);
  assert.ok(again.equals(j));
  assert.equal(again.toJson(), text);
  assert.ok(Journey.fromJson(readFileSync(examplePath, 'utf8')).equals(j));
  const obj = j.toObject();
  assert.equal(obj.schema_version, schemaVersion());
  assert.deepEqual(obj, JSON.parse(text), 'toObject is shaped exactly like the file');
  assert.ok(Journey.fromJson(obj).equals(j));
  // A Node Buffer is a Uint8Array.
  assert.ok(Journey.fromJson(readFileSync(examplePath)).equals(j));
});

test('the example CSV sheet imports', () => {
  const csv = readFileSync(join(root, 'examples', 'data', 'electronics-retailer.csv'));
  const j = Journey.fromCsvSheet(csv, 'electronics-retailer', 'Electronics retailer');
  assert.equal(j.name, 'Electronics retailer');
  assert.ok(j.touchpointCount > 0);
  assert.ok(Journey.fromCsvSheet(csv.toString('utf8'), 'x', 'X').touchpointCount === j.touchpointCount);
});

test('the builder with a cycle, and the queries', () => {
  const j = cyclicShop();
  assert.equal(j.id, 'shop');
  assert.equal(j.name, 'Shop');
  assert.equal(j.description, 'A small shop');
  assert.equal(j.kind, 'future_state');
  assert.equal(j.reviewedOn, '2026-01-15');
  assert.equal(j.touchpointCount, 5);
  assert.equal(j.transitionCount, 5);
  assert.deepEqual(j.stages().map((s) => s.id), ['awareness', 'consideration', 'purchase', 'retention', 'advocacy']);
  assert.deepEqual(ids(j.touchpoints()), ['ad', 'site', 'kiosk', 'order', 'share']);
  assert.deepEqual(ids(j.entries()), ['ad', 'kiosk']);
  assert.deepEqual(ids(j.goals()), ['order']);
  assert.deepEqual(j.personas().map((p) => p.id), ['pat']);
  assert.deepEqual(j.persona('pat').preferred_channels, ['web', 'other:kiosk']);
  assert.equal(j.persona('nobody'), undefined);
  assert.equal(j.stage('purchase').name, 'Purchase');
  assert.equal(j.stage('nowhere'), undefined);

  const order = j.touchpoint('order');
  assert.deepEqual(order.persona_emotions, { pat: 1.5 }, 'maps are plain objects');
  assert.equal(Object.getPrototypeOf(order), Object.prototype);
  assert.equal(order.pain_points[0].share, 0.2);
  assert.equal(j.touchpoint('nope'), undefined);
  assert.deepEqual(j.transitions()[3], { from: 'order', to: 'share', expected: false, observed: true, count: 12 });

  assert.deepEqual(ids(j.stageTouchpoints('consideration')), ['site', 'kiosk']);
  assert.deepEqual(ids(j.stageTouchpoints('retention')), []);
  assert.deepEqual(ids(j.personaTouchpoints('pat')), ['ad', 'site', 'kiosk', 'order', 'share']);
  assert.deepEqual(ids(j.channelTouchpoints('social')), ['ad', 'share']);
  assert.deepEqual(ids(j.channelTouchpoints('other:kiosk')), ['kiosk']);
  assert.deepEqual(ids(j.channelTouchpoints('email')), []);
  assert.deepEqual(ids(j.successors('order')), ['share']);
  assert.deepEqual(ids(j.predecessors('order')), ['site', 'kiosk']);
  assert.deepEqual(ids(j.path('share', 'order')), ['share', 'ad', 'site', 'order']);
  assert.deepEqual(ids(j.path('order', 'order')), ['order']);
  assert.equal(j.path('order', 'kiosk'), null);
  assert.equal(j.reaches('order', 'site'), true, 'the cycle leads back');
  assert.equal(j.reaches('share', 'kiosk'), false);

  assert.ok(Journey.fromJson(j.toJson()).equals(j));
  assert.ok(!j.equals(Journey.fromJson(exampleBytes())));
});

test('the builder can be built again after more changes', () => {
  const b = new JourneyBuilder('b', 'B');
  b.stage({ id: 's', name: 'S' });
  b.touchpoint({ id: 't', name: 'T', stage: 's', channel: 'web' });
  const first = b.build();
  b.touchpoint({ id: 'u', name: 'U', stage: 's', channel: 'phone' });
  b.transition({ from: 't', to: 'u' });
  const second = b.build();
  assert.equal(first.touchpointCount, 1);
  assert.equal(second.touchpointCount, 2);
  assert.equal(second.kind, 'current_state');
  assert.equal(second.description, undefined);
  assert.equal(second.reviewedOn, undefined);
  assert.deepEqual(new JourneyBuilder('e', 'E').build().stages(), []);
});

test('an invalid build lists every problem', () => {
  const b = new JourneyBuilder('bad', 'Bad', true);
  b.touchpoint({ id: 't', name: 'T', stage: 'nowhere', channel: 'web', emotion: 3 });
  b.transition({ from: 't', to: 'ghost' });
  b.goal('ghost');
  const e = throwsJourneyError(() => b.build(), 'invalid');
  assert.deepEqual(e.problems.map((p) => [p.kind, p.path]), [
    ['unknown_reference', 'touchpoints[0].stage'],
    ['out_of_range', 'touchpoints[0].emotion'],
    ['unknown_reference', 'transitions[0].to'],
    ['unknown_reference', 'goals[0]'],
  ]);
  assert.equal(e.problems[1].id, 't');
  assert.match(e.problems[1].message, /emotion 3 is outside -2..=2/);
  assert.match(e.message, /^4 problems: /);
});

test('errors carry their kind', () => {
  const j = cyclicShop();
  let e = throwsJourneyError(() => j.successors('nope'), 'not_found');
  assert.equal(e.message, 'unknown touchpoint "nope"; the map\'s touchpoints are ad, site, kiosk, order, share');
  throwsJourneyError(() => j.predecessors('nope'), 'not_found');
  throwsJourneyError(() => j.path('ad', 'nope'), 'not_found');
  throwsJourneyError(() => j.reaches('nope', 'ad'), 'not_found');
  throwsJourneyError(() => j.stageTouchpoints('nope'), 'not_found');
  throwsJourneyError(() => j.personaTouchpoints('nope'), 'not_found');
  e = throwsJourneyError(() => j.channelTouchpoints('fax'), 'argument');
  assert.match(e.message, /unknown channel "fax"/);
  throwsJourneyError(() => Journey.fromJson(''), 'empty');
  throwsJourneyError(() => Journey.fromJson('{"schema_version": 2}'), 'schema_version');
  throwsJourneyError(() => Journey.fromJson('{"schema_version": 1, "id": 5}'), 'json');
  throwsJourneyError(() => Journey.fromJson(new Uint8Array([0x7b, 0xff])), 'encoding');
  throwsJourneyError(() => Journey.fromCsvSheet('', 'a', 'A'), 'empty');
  throwsJourneyError(() => Journey.fromCsvSheet('stage,touchpoint\nA,B\n', 'a', 'A'), 'csv');
  throwsJourneyError(() => Journey.fromJson({ ...j.toObject(), schema_version: 2 }), 'schema_version');
  // A document given as an object reads as its JSON text does: kind json, with its path.
  e = throwsJourneyError(() => Journey.fromJson({ ...j.toObject(), colour: 'red' }), 'json');
  assert.match(e.message, /^colour: unknown field `colour`/);
  assert.equal(e.path, 'colour');
  e = throwsJourneyError(() => {
    const doc = j.toObject();
    doc.touchpoints[2].channel = 'fax';
    Journey.fromJson(doc);
  }, 'json');
  assert.match(e.message, /^touchpoints\[2\]\.channel: unknown channel "fax"/);
  assert.deepEqual([e.path, e.line, e.column, e.row], ['touchpoints[2].channel', undefined, undefined, undefined]);
  throwsJourneyError(() => Journey.fromJson({}), 'schema_version');
  e = throwsJourneyError(() => Journey.fromJson({ schema_version: 1 }), 'json');
  assert.equal(e.message, 'missing field `id`');
  e = throwsJourneyError(() => Journey.fromJson({ schema_version: 1, id: 'a', name: 'A', stages: 'many' }), 'json');
  assert.equal(e.path, 'stages');
  const thrown = throwsJourneyError(() => Journey.fromJson('{'), 'json');
  assert.ok(thrown.stack.includes('JourneyError'));
});

test('wrong-typed arguments throw argument errors, and the module keeps working', () => {
  const j = cyclicShop();
  const checks = [
    [() => Journey.fromJson(42), 'argument'],
    [() => Journey.fromJson(null), 'argument'],
    [() => Journey.fromJson(undefined), 'argument'],
    [() => Journey.fromJson([1, 2]), 'argument'],
    [() => Journey.fromJson(true), 'argument'],
    [() => Journey.fromCsvSheet(42, 'a', 'A'), 'argument'],
    [() => Journey.fromCsvSheet('stage,touchpoint,channel\n', 42, 'A'), 'argument'],
    [() => Journey.fromCsvSheet('stage,touchpoint,channel\n', 'a', undefined), 'argument'],
    [() => new JourneyBuilder(1, 'A'), 'argument'],
    [() => new JourneyBuilder('a'), 'argument'],
    [() => new JourneyBuilder('a', 'A').touchpoint(5), 'argument'],
    [() => new JourneyBuilder('a', 'A').touchpoint({ id: 'x' }), 'argument'],
    [() => new JourneyBuilder('a', 'A').touchpoint({ id: 'x', name: 'X', stage: 's', channel: 'web', emotion: NaN }), 'argument'],
    [() => new JourneyBuilder('a', 'A').touchpoint({ id: 'x', name: 'X', stage: 's', channel: 7 }), 'argument'],
    [() => new JourneyBuilder('a', 'A').touchpoint({ id: 'x', name: 'X', stage: 's', channel: 'web', emotoin: 1 }), 'argument'],
    [() => new JourneyBuilder('a', 'A').stage('awareness'), 'argument'],
    [() => new JourneyBuilder('a', 'A').stage(), 'argument'],
    [() => new JourneyBuilder('a', 'A').persona({ id: 'p' }), 'argument'],
    [() => new JourneyBuilder('a', 'A').transition({ from: 'a' }), 'argument'],
    [() => new JourneyBuilder('a', 'A').transition({ from: 'a', to: 'b', count: 10n }), 'argument'],
    [() => new JourneyBuilder('a', 'A').kind('someday'), 'argument'],
    [() => new JourneyBuilder('a', 'A').reviewedOn('2026-13-45'), 'argument'],
    [() => new JourneyBuilder('a', 'A').reviewedOn(new Date(0)), 'argument'],
    [() => new JourneyBuilder('a', 'A').entry({}), 'argument'],
    [() => new JourneyBuilder('a', 'A').goal(3), 'argument'],
    [() => new JourneyBuilder('a', 'A').description(null), 'argument'],
    [() => j.touchpoint(3), 'argument'],
    [() => j.successors(undefined), 'argument'],
    [() => j.path('ad'), 'argument'],
    [() => j.channelTouchpoints(null), 'argument'],
    [() => j.stageTouchpoints({}), 'argument'],
  ];
  for (const [f, kind] of checks) {
    const e = throwsJourneyError(f, kind, String(f));
    assert.ok(e.message.length > 0);
    // Something that works, after each throw: the instance is still alive.
    assert.equal(schemaVersion(), 1);
    assert.equal(j.touchpointCount, 5);
  }
  // Cyclic and very deep objects are refused without overflowing the stack: a document that cannot be read
  // (kind json, as in Python).
  const cyclic = { schema_version: 1, id: 'c', name: 'C' };
  cyclic.self = cyclic;
  assert.match(throwsJourneyError(() => Journey.fromJson(cyclic), 'json').message, /circular/);
  let deep = {};
  for (let i = 0; i < 100000; i++) deep = { a: deep };
  throwsJourneyError(() => Journey.fromJson(deep), 'json');
  let nested = [];
  for (let i = 0; i < 1000; i++) nested = [nested];
  throwsJourneyError(() => new JourneyBuilder('a', 'A').touchpoint({ id: 'x', name: 'X', stage: 's', channel: 'web', actions: nested }), 'argument');
  // `equals` takes a Journey; wasm-bindgen checks the class itself and throws a plain Error.
  assert.throws(() => j.equals({}), Error);
  assert.ok(cyclicShop().equals(j));
});

test('a name that is not a journey kind says which names are', () => {
  const e = throwsJourneyError(() => new JourneyBuilder('a', 'A').kind('someday'), 'argument');
  assert.match(e.message, /^kind: unknown journey kind "someday", expected "current_state", "future_state"/);
});

test('every method survives every kind of bad argument', () => {
  const j = cyclicShop();
  const b = new JourneyBuilder('a', 'A', true);
  const bad = [undefined, null, 0, -1.5, NaN, '', 'x', true, {}, [], [1], () => 1, Symbol('s'), 10n, new Uint8Array(0), new Map()];
  const calls = [];
  for (const name of ['fromJson']) calls.push((v) => Journey.fromJson(v));
  calls.push((v) => Journey.fromCsvSheet(v, v, v));
  for (const m of ['touchpoint', 'stage', 'persona', 'stageTouchpoints', 'personaTouchpoints', 'channelTouchpoints', 'successors', 'predecessors']) {
    calls.push((v) => j[m](v));
  }
  calls.push((v) => j.path(v, v), (v) => j.reaches(v, 'ad'));
  for (const m of ['description', 'kind', 'reviewedOn', 'stage', 'persona', 'touchpoint', 'transition', 'entry', 'goal']) {
    calls.push((v) => b[m](v));
  }
  calls.push((v) => new JourneyBuilder(v, v, v));
  for (const call of calls) {
    for (const v of bad) {
      try {
        call(v);
      } catch (e) {
        assert.ok(e instanceof Error, `${call} with ${String(v)} threw ${e}`);
        assert.ok(ERROR_KINDS.has(e.kind), `${call} with ${String(v)} threw without a kind: ${e.stack}`);
      }
    }
  }
  // The builder was changed only by the calls that succeeded, and still builds or reports problems.
  try {
    b.build();
  } catch (e) {
    assert.ok(ERROR_KINDS.has(e.kind));
  }
  assert.equal(j.touchpointCount, 5);
  assert.deepEqual(ids(j.path('ad', 'order')), ['ad', 'site', 'order']);
});

test('input over 64 MiB is too large', () => {
  const big = ' '.repeat(64 * 1024 * 1024 + 1);
  let e = throwsJourneyError(() => Journey.fromJson(big), 'too_large');
  assert.match(e.message, /more than the limit of 67108864 bytes/);
  e = throwsJourneyError(() => Journey.fromJson(new Uint8Array(64 * 1024 * 1024 + 1)), 'too_large');
  throwsJourneyError(() => Journey.fromCsvSheet(big, 'a', 'A'), 'too_large');
  assert.ok(Journey.fromJson(exampleBytes()).touchpointCount > 0, 'still works after a large input');
});

test('deeply nested JSON is a json error, not a crash', () => {
  const e = throwsJourneyError(() => Journey.fromJson('['.repeat(100000)), 'json');
  assert.ok(e.message.length > 0);
  throwsJourneyError(() => Journey.fromJson(`{"schema_version": 1, "id": "a", "name": "A", "stages": ${'['.repeat(100000)}`), 'json');
  throwsJourneyError(() => Journey.fromJson(new TextEncoder().encode('{"a":'.repeat(100000))), 'json');
  assert.ok(Journey.fromJson(exampleBytes()).touchpointCount > 0);
});

test('the JSON Schema and the schema version', () => {
  assert.equal(schemaVersion(), 1);
  const schema = JSON.parse(jsonSchema());
  assert.equal(schema.title, 'journey');
  assert.ok(schema.properties.touchpoints);
  assert.ok(schema.required.includes('schema_version'));
});
