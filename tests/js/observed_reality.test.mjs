// Observed reality the design lacks, against the shared fixtures in tests/fixtures/observed/: the same
// checks as journey-core/tests/observed_reality.rs and tests/python/test_observed_reality.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'observed');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const load = () => Journey.fromJson(readFileSync(join(dir, want.map)));

function checkGaps(gaps, list) {
  for (const w of list) {
    const found = gaps.filter((g) => g.kind === w.kind && g.message === w.message);
    assert.equal(found.length, 1, `${w.message}\n${JSON.stringify(gaps.map((g) => [g.kind, g.message]))}`);
    const g = found[0];
    assert.equal(g.severity, w.severity, JSON.stringify(g));
    for (const [field, value] of Object.entries(w.where)) assert.deepEqual(g.location[field], value, field);
  }
}

test('a map without customer evidence says it rests on assumptions', () => {
  checkGaps(load().gaps(), want.before.gaps);
});

test('applying a log keeps unmapped touchpoints as proposed and reports them', () => {
  const map = load();
  const log = EventLog.fromCsv(readFileSync(join(dir, want.log)), want.columns);
  const applied = map.apply(log);
  assert.equal(map.touchpoint('compare_tool'), undefined, 'the map applied to is not changed');
  for (const [id, p] of Object.entries(want.proposed)) {
    const t = applied.touchpoint(id);
    assert.equal(t.proposed, true, id);
    assert.deepEqual([t.stage, t.channel, t.metrics.entered, t.metrics.starts], [p.stage, p.channel, p.entered, p.starts], id);
  }
  assert.equal('proposed' in applied.toObject().touchpoints.find((t) => t.id === 'site'), false);
  const gaps = applied.gaps();
  checkGaps(gaps, want.after.gaps);
  assert.ok(!gaps.some((g) => want.after.absent.includes(g.kind)));
});
