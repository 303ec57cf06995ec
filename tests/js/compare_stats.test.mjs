// The statistics of `compare` against the shared fixture tests/fixtures/compare/ (the same checks as
// journey-core/tests/compare_stats.rs and tests/python/test_compare_stats.py): each share's test, p-value,
// Benjamini-Hochberg q-value and significance, as its make.py computes them from their definitions, and the
// gaps naming the logs as `names` says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { EventLog } = wasm;

const dir = join(fixtures, 'compare');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const logs = () => ['a.csv', 'b.csv'].map((f) => EventLog.fromCsv(readFileSync(join(dir, f))));

const near = (got, value, what) =>
  assert.ok(Math.abs(got - value) <= 1e-9 * Math.max(Math.abs(value), 1e-6), `${what}: ${got} against ${value}`);

function check(got, w) {
  assert.equal(got.test, w.test, got.subject);
  near(got.p_value, w.p_value, `${got.subject} p`);
  near(got.q_value, w.q_value, `${got.subject} q`);
  assert.equal(got.significant, w.significant, got.subject);
}

test('tests, p-values and q-values are those of the fixture', () => {
  const [a, b] = logs();
  const cmp = a.compare(b);
  assert.equal(cmp.transitions.length, want.transitions.length);
  for (const w of want.transitions) {
    const got = cmp.transitions.find((t) => t.subject === w.subject);
    assert.deepEqual([got.a_count, got.a_total, got.b_count, got.b_total], [w.a_count, w.a_total, w.b_count, w.b_total]);
    check(got, w);
  }
  check(cmp.loops, want.loops);
  // The example: 2 of 7 against 0 of 13 is p = 21/190 by the exact test, not significant.
  const example = cmp.transitions.find((t) => t.subject === 's0 -> y0');
  near(example.p_value, want.published['fisher [[2, 5], [0, 13]]'], 'example');
  assert.equal(example.significant, false);
  // Swapped logs: the same tests and values.
  for (const t of b.compare(a).transitions) {
    const there = cmp.transitions.find((u) => u.subject === t.subject);
    assert.deepEqual([t.test, t.p_value, t.q_value, t.significant], [there.test, there.p_value, there.q_value, there.significant]);
  }
});

test('gaps name the logs as told', () => {
  const [a, b] = logs();
  assert.deepEqual(a.compare(b).gaps.map((g) => [g.kind, g.location.transition]), want.gaps.map((w) => [w.kind, w.transition]));
  const named = a.compare(b, { names: want.names }).gaps;
  assert.equal(named.length, want.gaps.length);
  named.forEach((g, i) => {
    const w = want.gaps[i];
    const [worse, better] = [w.worse, w.better].map((x) => (x === 'a' ? want.names[0] : want.names[1]));
    const [source, target] = w.transition;
    assert.ok(g.message.startsWith(`customers in ${worse} go from "${source}" to "${target}", which nobody took in ${better}: `), g.message);
  });
});
