// Shapley and ordered Shapley attribution, cost per conversion and ROAS, the Markov transition matrix and
// order selection, against the shared cases of tests/fixtures/shapley/cases.json (also run by the Rust and
// Python tests). Options are camelCase here (`maxOrder`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const cases = readCases(join(fixtures, 'shapley', 'cases.json'));
const log = EventLog.fromCsv(cases.events, { outcome: cases.outcome });
const orderLog = EventLog.fromCsv(cases.order_events, { outcome: cases.order_outcome });

function close(got, want, what) {
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} != ${want}`);
}

for (const model of ['shapley', 'ordered_shapley']) {
  test(`${model} credits the values worked out from the definition`, () => {
    const a = log.attribution({ model });
    assert.equal(a.model, model);
    assert.equal(a.conversions, cases.conversions);
    assert.deepEqual(a.rows.map((r) => r.touchpoint), cases.shapley.map((w) => w.touchpoint));
    a.rows.forEach((r, i) => {
      close(r.conversions, cases.shapley[i].conversions, r.touchpoint);
      close(r.value, cases.shapley[i].value, r.touchpoint);
      assert.equal(r.removal_effect, null);
    });
    assert.equal(a.positions === null, model === 'shapley');
  });
}

test('ordered Shapley splits the credit by position', () => {
  const { positions } = log.attribution({ model: 'ordered_shapley' });
  const want = cases.ordered_positions;
  assert.deepEqual(positions.map((p) => [p.touchpoint, p.position]), want.map((w) => [w.touchpoint, w.position]));
  positions.forEach((p, i) => {
    close(p.conversions, want[i].conversions, p.touchpoint);
    close(p.value, want[i].value, p.touchpoint);
  });
});

test('a Shapley model takes no Markov order', () => {
  const e = throwsJourneyError(() => log.attribution({ model: 'shapley', order: 2 }), 'argument');
  assert.equal(e.message, 'options.order: is a parameter of markov, not of shapley');
});

test('cost per conversion and ROAS follow the credit of each model', () => {
  const cost = log.cost(cases.spend, { models: cases.cost_models });
  assert.equal(cost.collapsed, true);
  const want = cases.cost;
  assert.deepEqual(cost.rows.map((r) => [r.model, r.touchpoint]), want.map((w) => [w.model, w.touchpoint]));
  cost.rows.forEach((r, i) => {
    const what = `${r.model} ${r.touchpoint}`;
    for (const key of ['spend', 'conversions', 'value', 'cost_per_conversion', 'roas']) {
      if (want[i][key] === null) assert.equal(r[key], null, `${what} ${key}`);
      else close(r[key], want[i][key], `${what} ${key}`);
    }
  });
});

test('cost covers every model when none is named', () => {
  const cost = log.cost(cases.spend);
  const models = [...new Set(cost.rows.map((r) => r.model))];
  assert.equal(models.length, 8);
  for (const model of models) {
    const credit = new Map(log.attribution({ model }).rows.map((r) => [r.touchpoint, r.conversions]));
    for (const row of cost.rows.filter((r) => r.model === model)) {
      const c = credit.get(row.touchpoint) ?? 0;
      assert.equal(row.conversions, c);
      assert.equal(row.cost_per_conversion, c > 0 ? row.spend / c : null, `${model} ${row.touchpoint}`);
    }
  }
});

test('bad spend is refused naming it', () => {
  for (const c of cases.spend_errors) {
    const e = throwsJourneyError(() => log.cost(c.spend), c.kind);
    assert.ok(e.message.includes(c.contains), e.message);
  }
  for (const [spend, message] of [
    [{ ad: NaN }, 'spend["ad"]: NaN is not an amount of money'],
    [{ ad: '12' }, 'spend["ad"]: expected a number, found string'],
    [[['ad', 1]], 'spend: expected an object of touchpoint ids to numbers, found array'],
    [new Map([['ad', 1]]), 'spend: expected an object of touchpoint ids to numbers'],
    [null, 'spend: expected an object of touchpoint ids to numbers, found null'],
  ]) {
    const e = throwsJourneyError(() => log.cost(spend), 'argument');
    assert.ok(e.message.startsWith(message), e.message);
  }
  const e = throwsJourneyError(() => log.cost({ ad: 1 }, { models: ['linear', 'uplift'] }), 'argument');
  assert.ok(e.message.startsWith('options.models[1]: unknown model "uplift"'), e.message);
  throwsJourneyError(() => log.cost({ ad: 1 }, { collapsed: true }), 'argument');
});

test('the transition matrix is the chain counted by hand', () => {
  for (const key of ['transition_matrix', 'transition_matrix_2']) {
    const want = cases[key];
    const m = log.transitionMatrix({ order: want.order });
    assert.equal(m.order, want.order);
    assert.deepEqual(m.rows.map((r) => [r.from, r.to, r.count]), want.rows.map((w) => [w.from, w.to, w.count]));
    m.rows.forEach((r, i) => close(r.probability, want.rows[i].probability, `${r.from} -> ${r.to}`));
  }
  const e = throwsJourneyError(() => log.transitionMatrix({ order: 5 }), 'argument');
  assert.equal(e.message, 'options.order: 5 is outside 1..=4');
});

test('order selection chooses the order the paths follow', () => {
  const want = cases.order_selection;
  const s = orderLog.markovOrderSelection({ maxOrder: want.max_order });
  assert.equal(s.chosen, want.chosen);
  assert.equal(s.rows.length, want.rows.length);
  s.rows.forEach((r, i) => {
    const w = want.rows[i];
    assert.deepEqual([r.order, r.states, r.parameters, r.moves], [w.order, w.states, w.parameters, w.moves]);
    for (const k of ['log_likelihood', 'aic', 'bic']) close(r[k], w[k], `order ${w.order} ${k}`);
  });
  assert.equal(orderLog.markovOrderSelection().rows.length, 4);
  const e = throwsJourneyError(() => orderLog.markovOrderSelection({ maxOrder: 0 }), 'argument');
  assert.equal(e.message, 'options.maxOrder: 0 is outside 1..=4');
});
