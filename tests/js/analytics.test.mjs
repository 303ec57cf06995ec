// Event-log analytics against the hand-worked fixtures (tests/fixtures/events/) and the example log: the same
// checks as journey-core/tests/analytics.rs, plus the JavaScript side (fromCsv, fromArrays, fromFile,
// options, errors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'events');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const smallText = readFileSync(join(dir, 'small.csv'), 'utf8');
const markovText = readFileSync(join(dir, 'markov.csv'), 'utf8');
const exampleBytes = readFileSync(join(root, 'examples', 'data', 'electronics-events.csv'));
const exampleText = exampleBytes.toString('utf8');
const exampleColumns = {
  channel: 'channel',
  device: 'device',
  session: 'session',
  segment: 'segment',
  outcome: 'order_value',
};
const exampleMap = () => Journey.fromJson(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json')));

const small = () => EventLog.fromCsv(smallText, expected.small.columns);
const example = () => EventLog.fromCsv(exampleText, exampleColumns);

const close = (a, b, what = '') => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

/**
 * The columns of a CSV text (no quoting in the fixtures) as `EventLog.fromArrays` takes them: `columns` maps
 * the arrays' fields to the CSV's column names; outcomes become numbers.
 */
function toArrays(text, columns) {
  const [header, ...rows] = text.trim().split(/\r?\n/).map((line) => line.split(','));
  const arrays = {};
  for (const [field, name] of Object.entries(columns)) {
    const i = header.indexOf(name);
    assert.ok(i >= 0, `no column ${name}`);
    arrays[field] = rows.map((r) => (field === 'outcome' ? Number(r[i]) : r[i]));
  }
  return arrays;
}

const allColumns = (extra) => ({ customer: 'customer_id', timestamp: 'timestamp', touchpoint: 'touchpoint', ...extra });

/** The three ways in: CSV text, CSV bytes, arrays. */
function threeWays(text, columns) {
  return {
    text: EventLog.fromCsv(text, columns),
    bytes: EventLog.fromCsv(new TextEncoder().encode(text), columns),
    arrays: EventLog.fromArrays(toArrays(text, allColumns(columns))),
  };
}

function checkSmallDiscovery(d) {
  const want = expected.small;
  for (const key of ['events', 'customers', 'conversions', 'starts', 'ends', 'visits', 'variants']) {
    assert.deepEqual(d[key], want[key], key);
  }
  assert.equal(d.transitions.length, want.transitions.length);
  d.transitions.forEach((g, i) => {
    const w = want.transitions[i];
    for (const f of ['source', 'target', 'count', 'customers']) assert.equal(g[f], w[f], `${f} of ${w.source}`);
    for (const f of ['mean_seconds', 'median_seconds', 'p95_seconds']) close(g[f], w[f], f);
  });
  assert.equal(d.dropoff.length, want.dropoff.length);
  d.dropoff.forEach((g, i) => {
    const w = want.dropoff[i];
    assert.deepEqual([g.touchpoint, g.customers, g.visitors], [w.touchpoint, w.customers, w.visitors]);
    close(g.rate, w.rate, 'rate');
  });
}

test('discovery of the small log is as worked out by hand, from text, bytes and arrays', () => {
  for (const [way, log] of Object.entries(threeWays(smallText, expected.small.columns))) {
    assert.equal(log.length, 8, way);
    assert.equal(log.customerCount, 3, way);
    assert.equal(log.conversions, 1, way);
    checkSmallDiscovery(log.discover());
  }
});

test('closed funnels count steps passed in order', () => {
  for (const log of Object.values(threeWays(smallText, expected.small.columns))) {
    for (const key of ['funnel', 'funnel_site_first']) {
      const want = expected.small[key];
      const f = log.funnel(want.steps);
      assert.deepEqual(f.steps.map((s) => s.customers), want.customers, key);
      assert.deepEqual(f.steps.map((s) => s.step), want.steps);
      const last = want.customers.length - 1;
      close(f.steps[last].overall_conversion, want.customers[last] / want.customers[0], key);
    }
    // A step the log has never met is refused unless the funnel is not strict.
    const unknown = throwsJourneyError(() => log.funnel(['nowhere', 'ad']), 'not_found');
    assert.match(unknown.message, /^unknown touchpoint "nowhere"; the log's touchpoints are /);
    assert.equal(log.funnel(['nowhere', 'ad'], { strict: false }).steps[1].customers, 0);
    throwsJourneyError(() => log.funnel([]), 'argument');
    throwsJourneyError(() => log.funnel('ad'), 'argument');
    throwsJourneyError(() => log.funnel([1, 2]), 'argument');
  }
});

test('heuristic attribution splits each conversion', () => {
  const want = expected.small.attribution;
  const models = {
    first_touch: { model: 'first_touch' },
    last_touch: { model: 'last_touch' },
    linear: { model: 'linear' },
    linear_uncollapsed: { model: 'linear', collapse: false },
    position_based: { model: 'position_based' },
  };
  for (const log of Object.values(threeWays(smallText, expected.small.columns))) {
    for (const [name, options] of Object.entries(models)) {
      const a = log.attribution(options);
      assert.equal(a.conversions, 1);
      assert.equal(a.model, options.model);
      assert.equal(a.collapsed, options.collapse ?? true);
      const got = Object.fromEntries(a.rows.map((r) => [r.touchpoint, r.conversions]));
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want[name]).sort(), name);
      for (const [tp, v] of Object.entries(want[name])) close(got[tp], v, `${name} ${tp}`);
      for (const r of a.rows) assert.equal(r.removal_effect, null);
      assert.equal(a.conversion_probability, null);
    }
  }
  // Explicit defaults give the same as none.
  const log = small();
  assert.deepEqual(
    log.attribution({ model: 'position_based', first: 0.4, last: 0.4 }),
    log.attribution({ model: 'position_based' }),
  );
});

test('Markov removal effects are the exact chain values', () => {
  const want = expected.markov;
  for (const [way, log] of Object.entries(threeWays(markovText, want.columns))) {
    // The default model is Markov of order 1 with repeats collapsed.
    for (const a of [log.attribution(), log.attribution({ model: 'markov', order: 1, collapse: true }), log.attribution({})]) {
      assert.equal(a.model, 'markov', way);
      assert.equal(a.collapsed, true);
      close(a.conversion_probability, want.conversion_probability, `${way} probability`);
      close(a.value, 180, 'value');
      assert.deepEqual(a.rows.map((r) => r.touchpoint), want.rows.map((r) => r.touchpoint));
      a.rows.forEach((row, i) => {
        for (const f of ['removal_effect', 'conversions', 'value']) close(row[f], want.rows[i][f], `${way} ${row.touchpoint} ${f}`);
      });
    }
  }
});

test('Markov with a loop solves the linear system', () => {
  // Paths: x>y>x>conv, x>null, y>conv (see journey-core/tests/analytics.rs): P = 2/3, effects 3/4 and 2/3.
  // The conversions are events of their own (`order`): credit goes to what came before.
  const log = EventLog.fromArrays({
    customer: ['1', '1', '1', '1', '2', '3', '3'],
    timestamp: [1, 2, 3, 4, 1, 1, 2],
    touchpoint: ['x', 'y', 'x', 'order', 'x', 'y', 'order'],
    outcome: [0, 0, 0, 1, false, false, true],
  });
  const a = log.attribution();
  close(a.conversion_probability, 2 / 3, 'probability');
  const effect = (t) => a.rows.find((r) => r.touchpoint === t).removal_effect;
  close(effect('x'), 0.75, 'x');
  close(effect('y'), 2 / 3, 'y');
  close(a.rows.reduce((s, r) => s + r.conversions, 0), 2, 'total');
  assert.ok(log.attribution({ model: 'markov', order: 2 }).rows.length > 0);
  // The options' bounds, and options that belong to another model.
  for (const options of [
    { order: 5 },
    { order: 0 },
    { order: 1.5 },
    { model: 'time_decay', halfLifeDays: 0 },
    { model: 'position_based', first: 0.8, last: 0.4 },
    { model: 'linear', order: 2 },
    { model: 'markov', halfLifeDays: 3 },
    { model: 'first_touch', first: 0.5 },
    { model: 'shapley' },
    { modle: 'linear' },
    { collapse: 'yes' },
    'markov',
    [],
  ]) {
    const e = throwsJourneyError(() => log.attribution(options), 'argument', JSON.stringify(options));
    assert.match(e.message, /^(options|order|half_life_days|first \+ last|first|model)/, e.message);
  }
  const e = throwsJourneyError(() => log.attribution({ model: 'linear', order: 2 }), 'argument');
  assert.equal(e.message, 'options.order: is a parameter of markov, not of linear');
  assert.ok(log.attribution({ model: 'time_decay', halfLifeDays: 0.5 }).rows.length > 0);
});

test('CSV errors name line and column, and an empty log is empty', () => {
  const cases = [
    ['customer_id,timestamp,touch\nA,2026-01-01,x\n', 'line 1, column "touchpoint": missing column'],
    ['customer_id,timestamp,touchpoint\nA,2026-01-01,x\nB,yesterday,y\n', 'line 3, column "timestamp": cannot read "yesterday"'],
    ['customer_id,timestamp,touchpoint\n,2026-01-01,x\n', 'line 2, column "customer_id": customer id is empty'],
    ['customer_id,timestamp,touchpoint,converted\nA,2026-01-01,x,lots\n', 'line 2, column "converted": cannot read "lots"'],
    ['customer_id,timestamp,touchpoint\nA,2026-01-01,x,extra\n', 'line 2'],
  ];
  for (const [text, message] of cases) {
    const columns = text.includes('converted') ? { outcome: 'converted' } : undefined;
    for (const input of [text, new TextEncoder().encode(text)]) {
      const e = throwsJourneyError(() => EventLog.fromCsv(input, columns), 'csv');
      assert.ok(e.message.startsWith(message), `${e.message} / ${message}`);
    }
  }
  // Bytes that are not UTF-8, in a field.
  const bad = new Uint8Array([...new TextEncoder().encode('customer_id,timestamp,touchpoint\nA,2026-01-01,'), 0xff, 0x0a]);
  assert.match(throwsJourneyError(() => EventLog.fromCsv(bad), 'csv').message, /^line 2, column "touchpoint": not valid UTF-8/);

  const map = exampleMap();
  for (const empty of ['', 'customer_id,timestamp,touchpoint,converted\n']) {
    const log = EventLog.fromCsv(empty, { outcome: 'converted' });
    assert.equal(log.length, 0);
    assert.equal(log.customerCount, 0);
    const d = log.discover();
    assert.deepEqual([d.events, d.customers, d.transitions.length, d.variants.length], [0, 0, 0, 0]);
    assert.equal(throwsJourneyError(() => log.funnel(['a']), 'not_found').message, 'unknown touchpoint "a"; the log has no touchpoints');
    assert.equal(log.funnel(['a'], { strict: false }).steps[0].customers, 0);
    assert.equal(log.conformance(map).fitness, 1);
    // The outcome column the caller named is there even without a header: an empty attribution.
    assert.deepEqual([log.attribution().rows.length, log.attribution().conversions], [0, 0]);
    assert.equal(log.loops().customers, 0);
  }
  const none = EventLog.fromArrays({ customer: [], timestamp: [], touchpoint: [] });
  assert.equal(none.length, 0);
  assert.equal(none.discover().events, 0);
});

test('the arguments of fromCsv are checked', () => {
  throwsJourneyError(() => EventLog.fromCsv(42), 'argument');
  throwsJourneyError(() => EventLog.fromCsv(smallText, 'converted'), 'argument');
  const e = throwsJourneyError(() => EventLog.fromCsv(smallText, { outcomes: 'converted' }), 'argument');
  assert.match(e.message, /^columns/);
  throwsJourneyError(() => EventLog.fromCsv(smallText, { outcome: 3 }), 'argument');
  throwsJourneyError(() => EventLog.fromCsv(smallText, undefined, 'progress'), 'argument');
  // Named columns work, and null means the default.
  const renamed = smallText.replace('customer_id,timestamp,touchpoint', 'who,when,what');
  const log = EventLog.fromCsv(renamed, { customer: 'who', timestamp: 'when', touchpoint: 'what', outcome: 'converted', channel: null });
  assert.deepEqual(log.discover(), small().discover());
  // An ArrayBuffer works like its bytes.
  assert.equal(EventLog.fromCsv(new TextEncoder().encode(smallText).buffer).length, 8);
});

test('fromArrays reads every column and names the row and column of a bad value', () => {
  const good = () => ({
    customer: ['a', 'a', 'b'],
    timestamp: ['2026-03-01T10:00:00Z', 1772359260, new Date('2026-03-01T09:00:00Z')],
    touchpoint: ['ad', 'site', 'site'],
    channel: ['paid_ads', 'web', null],
    device: ['mobile', undefined, 'desktop'],
    session: ['s1', 's1', 's2'],
    segment: ['online', 'online', 'offline'],
    outcome: [0, 12.5, null],
  });
  const log = EventLog.fromArrays(good());
  assert.deepEqual([log.length, log.customerCount, log.conversions], [3, 2, 1]);
  // 1772359260 s is 10:01; the ms form of the same time reads the same (11+ digits are milliseconds).
  const ms = good();
  ms.timestamp[1] = 1772359260000;
  assert.deepEqual(EventLog.fromArrays(ms).discover(), log.discover());
  assert.equal(log.discover().transitions[0].mean_seconds, 60);
  assert.equal(log.filterSegment('offline').customerCount, 1);

  // A value of a row: a fault of the table at that row and column (kind csv), as every reader reports it.
  const cells = [
    [(a) => { a.timestamp[1] = 'yesterday'; }, [1, 'timestamp'], /^row 1, column "timestamp": cannot read "yesterday" as a timestamp/],
    [(a) => { a.timestamp[2] = NaN; }, [2, 'timestamp'], /^row 2, column "timestamp": cannot read NaN as a timestamp, expected ISO 8601/],
    [(a) => { a.timestamp[2] = new Date('nonsense'); }, [2, 'timestamp'], /^row 2, column "timestamp": expected a valid Date, found an invalid Date$/],
    [(a) => { a.timestamp[0] = true; }, [0, 'timestamp'], /^row 0, column "timestamp": .*found boolean/],
    [(a) => { a.customer[2] = 7; }, [2, 'customer'], /^row 2, column "customer": expected a string, found number/],
    [(a) => { a.customer[0] = '  '; }, [0, 'customer'], /^row 0, column "customer": customer id is empty, expected an id$/],
    [(a) => { a.touchpoint[1] = null; }, [1, 'touchpoint'], /^row 1, column "touchpoint": touchpoint is missing \(null\), expected a touchpoint id$/],
    [(a) => { a.channel[0] = 3; }, [0, 'channel'], /^row 0, column "channel": expected a string or null, found number/],
    [(a) => { a.outcome[1] = -1; }, [1, 'outcome'], /^row 1, column "outcome": cannot read -1 as an outcome, expected /],
    [(a) => { a.outcome[1] = Infinity; }, [1, 'outcome'], /^row 1, column "outcome": cannot read inf as an outcome, expected /],
    [(a) => { a.outcome[1] = '1'; }, [1, 'outcome'], /^row 1, column "outcome": expected a number or a boolean, found string/],
  ];
  for (const [change, place, message] of cells) {
    const arrays = good();
    change(arrays);
    const e = throwsJourneyError(() => EventLog.fromArrays(arrays), 'csv');
    assert.match(e.message, message);
    assert.deepEqual([e.row, e.column], place, e.message);
  }
  // The shape of the arguments: kind argument.
  const cases = [
    [(a) => { a.touchpoint.pop(); }, /^arrays\.touchpoint: has 2 entries, expected 3 \(as many as arrays\.customer\)/],
    [(a) => { a.segment.push('x'); }, /^arrays\.segment: has 4 entries, expected 3/],
    [(a) => { delete a.timestamp; }, /^arrays\.timestamp: expected an array, found undefined/],
    [(a) => { a.customer = 'abc'; }, /^arrays\.customer: expected an array, found string/],
    [(a) => { a.channel = {}; }, /^arrays\.channel: expected an array, found object/],
    [(a) => { a.value = [1, 2, 3]; }, /^arrays: unknown field "value", expected one of customer, timestamp/],
  ];
  for (const [change, message] of cases) {
    const arrays = good();
    change(arrays);
    const e = throwsJourneyError(() => EventLog.fromArrays(arrays), 'argument');
    assert.match(e.message, message);
  }
  throwsJourneyError(() => EventLog.fromArrays([]), 'argument');
  throwsJourneyError(() => EventLog.fromArrays('customer'), 'argument');
  throwsJourneyError(() => EventLog.fromArrays(undefined), 'argument');
  // Optional columns may be null or undefined (left out).
  const bare = good();
  bare.channel = undefined;
  bare.outcome = null;
  const b = EventLog.fromArrays(bare);
  assert.equal(b.conversions, 0);
  assert.equal(b.discover().dropoff.length, 0);
});

test('shuffled input gives exactly the same answers', () => {
  const [header, ...lines] = exampleText.trimEnd().split(/\r?\n/);
  // A fixed permutation (a multiplicative step through the rows), as in the Rust test.
  const n = lines.length;
  const gcd = (a, b) => (b === 0 ? a : gcd(b, a % b));
  let step = n - 1;
  while (!(gcd(step, n) === 1 && step > n / 3)) step -= 1;
  const shuffled = [header, ...lines.map((_, i) => lines[(i * step) % n])].join('\n');
  const a = example();
  const b = EventLog.fromCsv(shuffled, exampleColumns);
  const c = EventLog.fromArrays(toArrays(shuffled, allColumns(exampleColumns)));
  const steps = ['product_page', 'cart', 'shipping', 'payment', 'order_confirmation'];
  const map = exampleMap();
  for (const other of [b, c]) {
    assert.deepEqual(other.discover(), a.discover());
    assert.deepEqual(other.funnel(steps), a.funnel(steps));
    for (const options of [{ model: 'linear' }, { model: 'time_decay', halfLifeDays: 7 }, { model: 'markov', order: 2 }]) {
      assert.deepEqual(other.attribution(options), a.attribution(options));
    }
    assert.deepEqual(other.conformance(map), a.conformance(map));
    assert.deepEqual(other.loops(map), a.loops(map));
    assert.deepEqual(other.stageFunnel(map), a.stageFunnel(map));
  }
});

test('the example log checked against the example map', () => {
  const log = example();
  assert.equal(EventLog.fromCsv(exampleBytes, exampleColumns).length, log.length);
  const map = exampleMap();
  const c = log.conformance(map);
  assert.ok(c.fitness > 0.8 && c.fitness < 1, String(c.fitness));
  assert.equal(c.customers, 3000);
  assert.ok(c.unexpected.some((u) => u.source === 'payment' && u.target === 'phone_advice'));
  // A plain object (the core's map of counts), not a Map.
  assert.deepEqual(Object.keys(c.unknown_touchpoints), ['newsletter_signup']);
  assert.ok(c.per_customer.every((p, i, all) => i === 0 || all[i - 1].customer < p.customer));
  assert.ok(c.untaken.every((t) => Array.isArray(t) && t.length === 2));
  const loops = log.loops(map);
  assert.ok(loops.customers > 0);
  assert.equal(loops.of_customers, 3000);
  // The designed return from delivery options to the cart is not a loop; paying, then calling the advice
  // line is (not designed, a stage back).
  assert.ok(!loops.moves.some((m) => m.source === 'shipping' && m.target === 'cart'));
  assert.ok(loops.moves.some((m) => m.source === 'payment' && m.target === 'phone_advice'));
  assert.ok(log.loops().customers > 0);
  assert.ok(log.loops(null).customers > 0);
  throwsJourneyError(() => log.loops({}), 'argument');
  const stages = log.stageFunnel(map);
  const counts = stages.steps.map((s) => s.customers);
  assert.deepEqual(stages.steps.map((s) => s.step), map.stages().map((s) => s.id));
  assert.equal(counts[0], 3000);
  assert.ok(counts.every((n, i) => i === 0 || counts[i - 1] >= n), String(counts));
  const markov = log.attribution();
  close(markov.rows.reduce((s, r) => s + r.conversions, 0), markov.conversions, 'markov total');
  assert.equal(markov.conversions, log.conversions);
});

test('applying observations puts real numbers into scores and gaps', () => {
  const log = example();
  const map = exampleMap();
  const before = map.toJson();
  const found = log.discover();
  const applied = map.apply(log);
  // The original is unchanged; a discovery object gives the same map as the log.
  assert.equal(map.toJson(), before);
  assert.ok(applied.equals(map.apply(found)));
  assert.ok(!applied.equals(map));
  const visits = found.visits.find((v) => v.touchpoint === 'cart');
  assert.equal(applied.touchpoint('cart').metrics.entered, visits.customers);
  assert.equal(applied.touchpoint('newsletter_signup').proposed, true, 'kept as a proposed touchpoint');
  const added = applied.transitions().find((t) => t.from === 'payment' && t.to === 'phone_advice');
  assert.ok(added && added.expected === false && added.observed === true && added.count > 0, JSON.stringify(added));
  assert.deepEqual(applied.validate(), []);
  const gaps = applied.gaps({ asOf: '2026-11-01' });
  assert.ok(
    gaps.some((g) => g.kind === 'loop' && g.location.transition?.[0] === 'payment' && g.location.transition?.[1] === 'phone_advice') &&
      !gaps.some((g) => g.kind === 'loop' && g.location.transition?.[0] === 'shipping'),
    JSON.stringify(gaps.map((g) => [g.kind, g.location])),
  );
  assert.ok(applied.score().stages.every((s) => s.reach !== null && s.reach !== undefined));
  // Anything else is refused.
  for (const bad of [undefined, null, 3, 'log', [], {}, map]) {
    throwsJourneyError(() => map.apply(bad), 'argument', String(bad));
  }
});

test('comparing two segments flags what changed', () => {
  const log = example();
  const [online, offline] = [log.filterSegment('online'), log.filterSegment('offline')];
  assert.equal(online.customerCount + offline.customerCount, 3000);
  const map = exampleMap();
  const cmp = online.compare(offline, { journey: map, funnel: ['product_page', 'cart'] });
  assert.ok(cmp.transitions.some((t) => t.significant));
  assert.equal(cmp.funnel.length, 1);
  for (const t of cmp.transitions) {
    assert.ok(t.p_value >= 0 && t.p_value <= 1);
    close(t.change, t.b_share - t.a_share, t.subject);
  }
  assert.ok(cmp.gaps.every((g) => ['drop_off', 'loop', 'unexpected_path'].includes(g.kind)));
  // The map passed in options is still usable afterwards.
  assert.equal(map.touchpointCount, exampleMap().touchpointCount);
  // Stricter thresholds flag no more than the defaults.
  const strict = online.compare(offline, { journey: map, alpha: 0.001, minChange: 0.2 });
  assert.ok(strict.transitions.filter((t) => t.significant).length <= cmp.transitions.filter((t) => t.significant).length);
  // The messages call the logs as they are named: segments here, "the first/second log" by default.
  const named = online.compare(offline, { journey: map, names: ['segment "online"', 'segment "offline"'] });
  assert.ok(named.gaps.length > 0);
  assert.ok(named.gaps.every((g) => g.message.includes('segment "online"') && g.message.includes('segment "offline"')));
  assert.ok(cmp.gaps.every((g) => g.message.includes('the first log') && g.message.includes('the second log')));
  assert.match(throwsJourneyError(() => online.compare(offline, { names: ['online', ' '] }), 'argument').message, /^options\.names\[1\]: /);
  throwsJourneyError(() => online.compare(offline, { names: ['online'] }), 'argument');
  // A log compared with itself has no significant change and no gap.
  const same = log.compare(log);
  assert.ok(same.transitions.every((t) => !t.significant));
  assert.deepEqual(same.gaps, []);
  assert.equal(log.filterSegment('nobody').customerCount, 0);
  assert.equal(throwsJourneyError(() => small().filterSegment('x'), 'argument').message, 'segment: the event log has no segment column');
  throwsJourneyError(() => log.filterSegment(3), 'argument');
  for (const options of [{ alpha: 2 }, { minChange: -1 }, { min_change: 0.1 }, { journey: {} }, { journey: 'map' }, { funnel: 'cart' }, 5]) {
    throwsJourneyError(() => online.compare(offline, options), 'argument', JSON.stringify(options));
  }
  // A class argument of the wrong class is refused by wasm-bindgen's own check, as a journey error.
  assert.match(throwsJourneyError(() => online.compare({}), 'argument').message, /expected instance of EventLog/);
});

test('filterPeriod takes text, numbers and Dates', () => {
  const log = example();
  const d = log.discover();
  assert.equal(d.customers, 3000);
  const from = '2026-10-15T00:00:00Z';
  const to = '2026-10-22T00:00:00Z';
  const byText = log.filterPeriod(from, to);
  assert.ok(byText.customerCount > 0 && byText.customerCount < 3000, String(byText.customerCount));
  const seconds = Date.parse(from) / 1000;
  const ms = Date.parse(to);
  assert.deepEqual(log.filterPeriod(seconds, ms).discover(), byText.discover());
  assert.deepEqual(log.filterPeriod(new Date(from), new Date(to)).discover(), byText.discover());
  assert.equal(log.filterPeriod(to, from).customerCount, 0);
  // Every customer falls in one of two adjacent periods.
  const split = '2026-10-20';
  assert.equal(log.filterPeriod('2000-01-01', split).customerCount + log.filterPeriod(split, '2100-01-01').customerCount, 3000);
  assert.match(throwsJourneyError(() => log.filterPeriod('last week', to), 'argument').message, /^from: cannot read "last week"/);
  assert.match(throwsJourneyError(() => log.filterPeriod(from, undefined), 'argument').message, /^to: /);
  throwsJourneyError(() => log.filterPeriod(new Date(NaN), to), 'argument');
});

test('onProgress is called with the bytes read and the total', () => {
  const calls = [];
  const log = EventLog.fromCsv(exampleText, exampleColumns, (read, total) => calls.push([read, total]));
  assert.equal(log.customerCount, 3000);
  assert.ok(calls.length >= 1);
  const total = Buffer.byteLength(exampleText);
  assert.deepEqual(calls.at(-1), [total, total]);
  assert.ok(calls.every(([read, t], i) => t === total && read <= total && (i === 0 || calls[i - 1][0] <= read)));
  // Larger than the core's 4 MiB reporting step: reports along the way too.
  const [header, ...rows] = exampleText.trimEnd().split(/\r?\n/);
  const parts = [header];
  for (let k = 0; parts.join('\n').length < 9 << 20; k += 1) {
    parts.push(...rows.map((r) => r.replace(/^c/, `k${k}-`)));
  }
  const big = parts.join('\n');
  const bigCalls = [];
  EventLog.fromCsv(big, exampleColumns, (read, t) => bigCalls.push([read, t]));
  assert.ok(bigCalls.length >= 3, JSON.stringify(bigCalls));
  assert.deepEqual(bigCalls.at(-1), [big.length, big.length]);
  // An exception thrown by the callback stops the reading and comes out as it is.
  class Stop extends Error {}
  let seen = 0;
  assert.throws(
    () => EventLog.fromCsv(big, exampleColumns, () => {
      seen += 1;
      throw new Stop('stop');
    }),
    Stop,
  );
  assert.equal(seen, 1);
});

test('fromFile reads a Blob', async () => {
  const calls = [];
  const log = await EventLog.fromFile(new Blob([exampleBytes]), exampleColumns, (read, total) => calls.push([read, total]));
  const map = exampleMap();
  assert.deepEqual(log.stageFunnel(map), example().stageFunnel(map));
  assert.deepEqual(calls.at(-1), [exampleBytes.length, exampleBytes.length]);
  const small = await EventLog.fromFile(new Blob([smallText], { type: 'text/csv' }), { outcome: 'converted' });
  checkSmallDiscovery(small.discover());
  // Errors reject the promise (never throw synchronously).
  const rejects = async (promiseOf, kind, message) => {
    let p;
    assert.doesNotThrow(() => { p = promiseOf(); });
    await assert.rejects(p, (e) => {
      assert.equal(e.name, 'JourneyError');
      assert.equal(e.kind, kind);
      if (message) assert.match(e.message, message);
      return true;
    });
  };
  await rejects(() => EventLog.fromFile(new Blob(['customer_id,timestamp,touchpoint\nA,soon,x\n'])), 'csv', /^line 2, column "timestamp"/);
  await rejects(() => EventLog.fromFile('a.csv'), 'argument', /^file: expected a Blob/);
  await rejects(() => EventLog.fromFile(new Uint8Array(3)), 'argument');
  await rejects(() => EventLog.fromFile(new Blob([smallText]), { outcomes: 'x' }), 'argument', /^columns/);
  await rejects(() => EventLog.fromFile(new Blob([smallText]), undefined, 3), 'argument', /^onProgress/);
});

test('the module keeps working after errors', () => {
  for (let i = 0; i < 50; i += 1) {
    throwsJourneyError(() => EventLog.fromCsv('customer_id,timestamp,touchpoint\nA,never,x\n'), 'csv');
    throwsJourneyError(() => EventLog.fromArrays({ customer: ['a'], timestamp: [], touchpoint: ['x'] }), 'argument');
    throwsJourneyError(() => small().attribution({ order: 9 }), 'argument');
    throwsJourneyError(() => small().compare(small(), { journey: {} }), 'argument');
    assert.throws(() => EventLog.fromCsv(smallText, undefined, () => { throw new TypeError('x'); }), TypeError);
  }
  checkSmallDiscovery(small().discover());
  // A freed map cannot be used, and says so.
  const map = exampleMap();
  map.free();
  throwsJourneyError(() => example().loops(map), 'argument');
  assert.ok(example().loops(exampleMap()).customers > 0);
});

test("dfg agrees with discovery", () => {
  const text = readFileSync(new URL("../../examples/data/electronics-events.csv", import.meta.url), "utf8");
  const log = EventLog.fromCsv(text, { outcome: "order_value" });
  const dfg = log.dfg();
  const found = log.discover();
  assert.deepEqual(
    dfg.transitions,
    found.transitions.map(({ source, target, count, customers }) => ({ source, target, count, customers })),
  );
  assert.deepEqual(dfg.starts, found.starts);
  assert.deepEqual(dfg.ends, found.ends);
});
