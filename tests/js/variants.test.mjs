// EventLog.variants from JavaScript: the path variants alone, equal to pm4py's stored answers
// (tests/fixtures/events/peers/pm4py.json) and to discover()'s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, root, wasm } from './helpers.mjs';

const pm4py = readCases(join(fixtures, 'events', 'peers', 'pm4py.json'));

test('variants equal pm4py and discover', () => {
  const names = Object.keys(pm4py.datasets);
  assert.ok(names.length > 0, 'the pm4py fixture lists no dataset');
  for (const name of names) {
    const d = pm4py.datasets[name];
    const log = wasm.EventLog.fromCsv(readFileSync(join(root, d.path)), { outcome: d.outcome });
    const variants = log.variants();
    const ours = Object.fromEntries(variants.map((v) => [v.path.join(' > '), v.customers]));
    const theirs = Object.fromEntries(d.variants.map(([path, n]) => [path.join(' > '), n]));
    assert.deepEqual(ours, theirs, name);
    assert.deepEqual(variants, log.discover().variants, name);
  }
});

test('variants of an empty log', () => {
  const log = wasm.EventLog.fromCsv('customer_id,timestamp,touchpoint\n');
  assert.deepEqual(log.variants(), []);
});
