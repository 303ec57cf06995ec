// Monotone scores and stage weights against the shared fixtures in tests/fixtures/scores/: the same checks
// as journey-core/tests/scores_roles.rs and tests/python/test_scores_monotone.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { Journey } = wasm;

const dir = join(fixtures, 'scores');
const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} vs ${b}`);
const options = (model) => (model ? { model } : {});

const pairs = readdirSync(join(dir, 'monotone')).filter((f) => f.endsWith('.json')).sort();

test('there are pairs for every kind of edit', () => {
  assert.ok(pairs.length >= 7, pairs.join(', '));
});

for (const file of pairs) {
  test(`an improving edit never lowers a score: ${file}`, () => {
    const c = read(join(dir, 'monotone', file));
    const before = Journey.fromJson(c.before).score(options(c.model));
    const after = Journey.fromJson(c.after).score(options(c.model));
    const tp = (s) => s.touchpoints.find((t) => t.touchpoint === c.touchpoint);
    const st = (s) => s.stages.find((x) => x.stage === c.stage);
    for (const [label, s] of [['before', before], ['after', after]]) {
      close(tp(s).score.value, c.expected[label].touchpoint, `${label} touchpoint`);
      close(st(s).score.value, c.expected[label].stage, `${label} stage`);
      close(s.score.value, c.expected[label].journey, `${label} journey`);
    }
    assert.ok(tp(after).score.value > tp(before).score.value, 'the edited touchpoint scores higher');
    before.touchpoints.forEach((b, i) => assert.ok(after.touchpoints[i].score.value >= b.score.value - 1e-9, b.touchpoint));
    before.stages.forEach((b, i) => {
      assert.ok(after.stages[i].score.value >= b.score.value - 1e-9, b.stage);
      assert.equal(after.stages[i].weight, b.weight, "a stage's weight never follows scores");
    });
    assert.ok(after.score.value >= before.score.value - 1e-9, 'journey');
  });
}

test('freedom from pain is always a component', () => {
  const c = read(join(dir, 'monotone', 'remove_all_pain_points_of_payment.json'));
  const payment = Journey.fromJson(c.after).score().touchpoints.find((t) => t.touchpoint === 'payment');
  assert.equal(payment.score.components.find((x) => x.name === 'pain').value, 1);
  assert.ok(!payment.score.missing.includes('pain'));
});

const weights = read(join(dir, 'stage_weights.json'));
for (const c of weights.cases) {
  test(`stage weights count customers, not impressions: ${c.name}`, () => {
    const s = Journey.fromJson(weights.map).score(options(c.model));
    s.stages.forEach((st, i) => close(st.weight, c.weights[i], `weight of ${st.stage}`));
    s.score.components.forEach((x, i) => close(x.weight, c.weights[i], `component ${x.name}`));
    close(s.score.value, c.journey, 'journey');
    assert.deepEqual(s.stages.map((st) => st.customers), weights.customers);
    assert.equal(s.stages[0].reach, 100000, "the ad's impressions are reach");
    assert.equal(s.stages[0].customers, 3000);
    if (!c.model || (c.model.max_stage_share ?? 0.5) <= 0.5) {
      assert.ok(Math.max(...s.stages.map((st) => st.weight)) <= 0.5);
    }
  });
}
