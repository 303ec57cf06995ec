// Constructors on hostile arguments: the shared cases of tests/fixtures/hostile/constructors/ (as
// tests/python/test_hostile_constructors.py runs them), and every class of the module, found by looking at
// its exports, throws a JourneyError of kind `argument` naming the class for arguments it cannot take.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const manifest = readCases(join(fixtures, 'hostile', 'constructors', 'cases.json'));
const classes = Object.entries(wasm).filter(([, v]) => typeof v === 'function' && /^class /.test(String(v)));

test('the shared cases', () => {
  assert.ok(manifest.cases.length >= 8);
  for (const c of manifest.cases) {
    const what = `new ${c.class}(${c.args.map((a) => JSON.stringify(a)).join(', ')})`;
    const e = throwsJourneyError(() => new wasm[c.class](...c.args), c.kind, what);
    for (const fragment of c.contains) {
      assert.ok(e.message.includes(fragment), `${what}: "${e.message}" lacks "${fragment}"`);
    }
  }
});

test('every class of the module, called with nothing or with the wrong things, names itself', () => {
  assert.deepEqual(classes.map(([name]) => name).sort(), ['CompareInputs', 'EventLog', 'Journey', 'JourneyBuilder', 'JourneyPartial']);
  for (const [name, cls] of classes) {
    for (const args of [[], [{}], [1, 2, 3, 4], [null, null, null]]) {
      const e = throwsJourneyError(() => new cls(...args), 'argument', `new ${name}(${args})`);
      assert.ok(e.message.startsWith(name), `new ${name}(${args}): ${e.message}`);
    }
  }
});

test('the builder says which argument is missing or wrong, as in Python', () => {
  const { JourneyBuilder, Journey, EventLog } = wasm;
  let e = throwsJourneyError(() => new JourneyBuilder(), 'argument');
  assert.equal(e.message, 'JourneyBuilder: missing argument "id"; expected id, name and optionally standardStages');
  e = throwsJourneyError(() => new JourneyBuilder(undefined, 'Shop'), 'argument');
  assert.equal(e.message, 'JourneyBuilder(id): expected a string, found undefined');
  e = throwsJourneyError(() => new JourneyBuilder('shop', 'Shop', 'yes'), 'argument');
  assert.equal(e.message, 'JourneyBuilder(standardStages): expected a boolean, found string');
  e = throwsJourneyError(() => new Journey(), 'argument');
  assert.equal(e.message,
    'Journey: is not made by calling it; use Journey.fromJson, Journey.fromCsvSheet, Journey.fromMermaid or JourneyBuilder');
  e = throwsJourneyError(() => new EventLog(), 'argument');
  assert.equal(e.message, 'EventLog: is not made by calling it; use EventLog.fromCsv, EventLog.fromFile or EventLog.fromArrays');
  // What works still works; instances made by the module are of the class.
  const b = new JourneyBuilder('shop', 'Shop', true);
  assert.equal(b.build().stages().length, 5);
  assert.equal(new JourneyBuilder('shop', 'Shop', null).build().stages().length, 0);
  assert.ok(b.build() instanceof Journey);
  assert.ok(EventLog.fromCsv('customer_id,timestamp,touchpoint\nc,2026-03-01,t\n') instanceof EventLog);
});
