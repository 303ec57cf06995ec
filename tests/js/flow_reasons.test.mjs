// Every drop_off gap says why when the map knows, against the shared fixture in tests/fixtures/reasons/:
// the same checks as journey-core/tests/flow_reasons.rs and tests/python/test_flow_reasons.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { Journey } = wasm;

const dir = join(fixtures, 'reasons');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

test('a drop-off names its pain points and their evidence', () => {
  const gaps = Journey.fromJson(readFileSync(join(dir, want.map))).gaps();
  const drops = gaps.filter((g) => g.kind === 'drop_off');
  assert.deepEqual(drops.map((g) => g.location.touchpoint).sort(), want.drop_off.map((w) => w.touchpoint).sort());
  for (const w of want.drop_off) {
    const g = drops.find((d) => d.location.touchpoint === w.touchpoint);
    assert.deepEqual([g.message, g.severity, g.evidence], [w.message, w.severity, w.evidence]);
  }
});
