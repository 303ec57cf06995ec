// Selecting customers: the shared cases of tests/fixtures/select/cases.json (which the Rust and Python tests
// run too), and on the example log, selections that agree with the funnel, the discovery and the persona's
// log they are defined by.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;
const dir = join(fixtures, 'select');
const all = readCases(join(dir, 'cases.json'));
const log = EventLog.fromCsv(readFileSync(join(dir, 'events.csv'), 'utf8'), { segment: 'segment' });
const map = Journey.fromJson(readFileSync(join(dir, 'map.json'), 'utf8'));
const data = join(root, 'examples', 'data');
const example = EventLog.fromCsv(readFileSync(join(data, 'electronics-events.csv'), 'utf8'), {
  segment: 'segment',
  outcome: 'order_value',
});
const STEPS = ['social_ad', 'product_page', 'cart', 'payment'];

/** One selection of a case's chain: the options camelCase, as JavaScript writes them. */
function select(l, op) {
  const strict = 'strict' in op ? { strict: op.strict } : undefined;
  switch (op.select) {
    case 'persona': return l.forPersona(map, op.persona);
    case 'at_step': return l.selectAtStep(op.steps, op.step, strict);
    case 'dropped_at_step': return l.selectDroppedAtStep(op.steps, op.step, strict);
    case 'did': return l.selectDid(op.touchpoint, strict);
    case 'did_not': return l.selectDidNot(op.touchpoint, strict);
    case 'did_then': {
      const options = { ...strict, ...('within_seconds' in op ? { withinSeconds: op.within_seconds } : {}) };
      return l.selectDidThen(op.first, op.then, options);
    }
    case 'top_variants': return l.selectTopVariants(op.top);
    default: throw new Error(`unknown selection ${op.select}`);
  }
}

test('selections choose the customers the shared cases say', () => {
  assert.ok(all.cases.length >= 40);
  let refused = 0;
  for (const c of all.cases) {
    const run = () => c.chain.reduce(select, log);
    if (c.customers) {
      const selected = run();
      assert.ok(selected instanceof EventLog, c.name);
      assert.deepEqual([...selected.customerIds].sort(), c.customers, c.name);
      assert.equal(selected.customerCount, c.customers.length, c.name);
    } else {
      const e = throwsJourneyError(run, c.error.kind, c.name);
      // An option is named as JavaScript writes it.
      assert.equal(e.message, c.error.message.replace(/^within_seconds:/, 'options.withinSeconds:'), c.name);
      refused += 1;
    }
  }
  assert.ok(refused >= 8);
});

test('the customers at and dropped at each step are those the funnel counts', () => {
  const counts = example.funnel(STEPS).steps.map((s) => s.customers);
  assert.ok(counts.every((n) => n > 0));
  counts.forEach((n, k) => {
    assert.equal(example.selectAtStep(STEPS, k).customerCount, n, `step ${k}`);
    if (k + 1 < counts.length) {
      const dropped = example.selectDroppedAtStep(STEPS, k);
      assert.equal(dropped.customerCount, n - counts[k + 1], `step ${k}`);
      const theirs = dropped.funnel(STEPS, { strict: false }).steps.map((s) => s.customers);
      assert.deepEqual([theirs[k], theirs[k + 1]], [dropped.customerCount, 0]);
    }
  });
});

test('did then is the funnel of two steps, and a time limit keeps some', () => {
  const then = example.selectDidThen('social_ad', 'payment');
  assert.deepEqual(then.customerIds, example.selectAtStep(['social_ad', 'payment'], 1).customerIds);
  const soon = example.selectDidThen('social_ad', 'payment', { withinSeconds: 3600 });
  const all_ = new Set(then.customerIds);
  assert.ok(soon.customerCount < then.customerCount && soon.customerIds.every((c) => all_.has(c)));
  const did = example.selectDid('live_chat');
  const didNot = example.selectDidNot('live_chat');
  assert.equal(did.customerCount + didNot.customerCount, example.customerCount);
});

test('the top variants are those discovery lists first', () => {
  const variants = example.discover().variants;
  for (const top of [1, 3, 10]) {
    const selected = example.selectTopVariants(top);
    assert.equal(selected.customerCount, variants.slice(0, top).reduce((n, v) => n + v.customers, 0));
    assert.deepEqual(selected.discover().variants, variants.slice(0, top));
  }
});

test('a persona selects its segment, and selections compose', () => {
  const j = Journey.fromJson(readFileSync(join(data, 'electronics-retailer.json'), 'utf8'));
  const persona = j.personas().find((p) => p.segment);
  const mine = example.forPersona(j, persona.id);
  assert.ok(mine.customerCount > 0);
  assert.deepEqual(mine.customerIds, example.filterSegment(persona.segment).customerIds);
  const cart = new Set(example.selectDid('cart').customerIds);
  assert.deepEqual(mine.selectDid('cart').customerIds, mine.customerIds.filter((c) => cart.has(c)));
});

test('bad arguments are refused, naming them', () => {
  const message = (f, kind = 'argument') => throwsJourneyError(f, kind).message;
  assert.equal(message(() => log.selectAtStep(['ad'], -1)), 'step: -1 is not a whole number in 0..=4294967295');
  assert.equal(message(() => log.selectAtStep(['ad'], '0')), 'step: expected a whole number, found string');
  assert.equal(message(() => log.selectTopVariants(1.5)), 'top: 1.5 is not a whole number in 0..=4294967295');
  assert.equal(message(() => log.selectTopVariants()), 'top: expected a whole number, found undefined');
  assert.equal(message(() => log.selectAtStep('ad', 0)), 'steps: expected a list of touchpoint ids, found string');
  assert.equal(message(() => log.selectDid(3)), 'touchpoint: expected a string, found number');
  assert.equal(
    message(() => log.selectDid('ad', { strikt: false })),
    'options.strikt: unknown field `strikt`, expected `strict`',
  );
  assert.equal(
    message(() => log.selectDidThen('ad', 'site', { within_seconds: 5 })),
    'options.within_seconds: unknown field `within_seconds`, expected one of `strict`, `withinSeconds`; did you mean `withinSeconds`?',
  );
  assert.equal(
    message(() => log.selectDidThen('ad', 'site', { withinSeconds: -0.5 })),
    'options.withinSeconds: expected a number of seconds, 0 or more, found -0.5',
  );
  assert.equal(message(() => log.selectDidThen('ad', 'site', { withinSeconds: Infinity })).split(':')[0], 'options.withinSeconds');
});
