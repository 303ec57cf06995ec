// The time to convert (Kaplan–Meier) and the retention cohorts against the shared fixture in
// tests/fixtures/time/: the same checks as journey-core/tests/time.rs and tests/python/test_time.py. The
// figures worked out by make.py in exact fractions, options read strictly (camelCase), the repeat purchases
// that apply writes onto the map's KPIs, the chart, and the errors of bad calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, wasm } from './helpers.mjs';

const { EventLog, Journey, timeToConvertSvg } = wasm;

const dir = join(fixtures, 'time');
const want = readCases(join(dir, 'expected.json'));
const text = readFileSync(join(dir, want.events), 'utf8');
const log = EventLog.fromCsv(text, want.columns);

/** `found` is `want`, numbers within a relative 1e-12 (the fixture's figures are exact fractions rounded once). */
function close(found, expected, at = 'result') {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(found), at);
    assert.equal(found.length, expected.length, at);
    expected.forEach((e, i) => close(found[i], e, `${at}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    assert.deepEqual(Object.keys(found).sort(), Object.keys(expected).sort(), at);
    for (const k of Object.keys(expected)) close(found[k], expected[k], `${at}.${k}`);
  } else if (typeof expected === 'number') {
    assert.equal(typeof found, 'number', at);
    assert.ok(Math.abs(found - expected) <= 1e-12 * Math.max(Math.abs(expected), 1), `${at}: ${found} against ${expected}`);
  } else {
    assert.equal(found, expected, at);
  }
}

test('the time to convert is as worked out in fractions', () => {
  assert.equal(want.time_to_convert.length, 2);
  for (const c of want.time_to_convert) {
    const options = c.as_of_text === undefined ? {} : { asOf: c.as_of_text };
    const found = log.timeToConvert(options);
    close(found, c.expected, c.name);
    assert.equal(found.curve[0].at_risk, found.customers, c.name);
    // The end of observation as milliseconds or as a Date is the same time.
    if (c.as_of_text !== undefined) {
      assert.deepEqual(log.timeToConvert({ asOf: c.expected.as_of_ms }), found);
      assert.deepEqual(log.timeToConvert({ asOf: new Date(c.as_of_text) }), found);
    }
  }
  assert.deepEqual(log.timeToConvert(), log.timeToConvert({}));
  assert.deepEqual(log.timeToConvert({ asOf: null }), log.timeToConvert());
});

test('a tie of conversions and a censoring counts the censored customer at risk', () => {
  const found = log.timeToConvert();
  const five = found.curve.find((s) => s.seconds === 18000);
  assert.deepEqual([five.at_risk, five.events, five.censored, five.survival], [7, 2, 1, 0.5]);
  assert.equal(found.km_median_seconds, 18000);
  // Where every customer at risk converted the standard error is undefined: null, never NaN.
  assert.ok(found.curve.every((s) => s.standard_error === null || Number.isFinite(s.standard_error)));
});

test('the cohorts are as worked out by calendar', () => {
  for (const c of want.cohorts) {
    const found = log.cohorts(c.options);
    close(found, c.expected, c.options.period);
    assert.equal(found.cohorts.reduce((n, k) => n + k.customers, 0), found.converters);
  }
  assert.deepEqual(log.cohorts(), log.cohorts({ period: 'month' }));
});

test('apply writes the repeat purchases onto the KPIs that measure them', () => {
  const c = want.apply;
  const map = Journey.fromJson(readFileSync(join(dir, c.map), 'utf8'));
  const found = log.discover();
  const cohorts = log.cohorts();
  assert.deepEqual([found.repeat_customers, found.conversion_events], [cohorts.repeat_customers, cohorts.conversions]);
  const kpis = map.apply(log).stage('retention').kpis;
  for (const k of kpis) {
    const value = c.kpis[k.name];
    if (value === null) {
      assert.equal(k.actual, undefined, k.name);
    } else {
      assert.ok(Math.abs(k.actual - value) < 1e-12, `${k.name}: ${k.actual} against ${value}`);
    }
  }
  assert.equal(map.apply(found).toJson(), map.apply(log).toJson());
  const plain = EventLog.fromCsv(text);
  assert.ok(map.apply(plain).stage('retention').kpis.every((k) => k.actual === undefined));
});

test('the chart draws the curve and says the medians', () => {
  const found = log.timeToConvert();
  const svg = timeToConvertSvg(found);
  assert.ok(svg.startsWith('<?xml') && svg.includes('<title>Time to convert</title>'));
  assert.ok(svg.includes('Median time to convert 5 h'));
  const points = svg.split('<polyline points="')[1].split('"')[0];
  assert.equal(points.split(' ').length, 1 + 2 * found.curve.length);
  assert.throws(() => timeToConvertSvg({ ...found, customers: 'ten' }), (e) => e.kind === 'argument' && /customers/.test(e.message));
});

test('the fixture errors are named', () => {
  for (const c of want.errors) {
    const subject = c.outcome ? log : EventLog.fromCsv(text);
    const options = c.as_of_text === undefined ? {} : { asOf: c.as_of_text };
    const name = c.name === 'as_of' ? 'options.asOf' : c.name;
    assert.throws(() => (c.call === 'cohorts' ? subject.cohorts(options) : subject.timeToConvert(options)), (e) => {
      assert.equal(e.kind, 'argument');
      assert.ok(e.message.startsWith(`${name}: `), e.message);
      if (c.contains !== undefined) assert.ok(e.message.includes(c.contains), e.message);
      return true;
    });
  }
});

test('options are read strictly and named as the caller writes them', () => {
  assert.throws(() => log.cohorts({ period: 'year' }), (e) => e.kind === 'argument' && e.message.startsWith('options.period'));
  assert.throws(() => log.cohorts({ periods: 'week' }), (e) => e.kind === 'argument' && /periods/.test(e.message));
  assert.throws(() => log.timeToConvert({ as_of: 0 }), (e) => e.kind === 'argument' && /asOf/.test(e.message));
  assert.throws(() => log.timeToConvert({ asOf: 'soon' }), (e) => e.kind === 'argument' && e.message.startsWith('options.asOf'));
  assert.throws(() => log.timeToConvert(3), (e) => e.kind === 'argument');
});
