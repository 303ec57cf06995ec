// Journeys anchored on the conversion, attribution per conversion and funnels with a window and step times,
// against the shared fixture tests/fixtures/anchor/ (worked out by its make.py), which the Rust and Python
// tests run too. The fixture writes options in snake_case; here they are given in camelCase.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const dir = join(fixtures, 'anchor');
const all = readCases(join(dir, 'expected.json'));
const log = EventLog.fromCsv(readFileSync(join(dir, 'events.csv'), 'utf8'), { outcome: all.outcome });

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
const camelKeys = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v]));
const close = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

test('journeys split at each conversion', () => {
  assert.equal(all.journeys.length, 4);
  for (const c of all.journeys) {
    const journeys = log.journeys(camelKeys(c.options));
    const got = journeys.customerPaths();
    const want = c.journeys.map((j) => ({
      customer: j.id, touchpoints: j.touchpoints, converted: j.converted, value: j.value,
    }));
    assert.deepEqual(got, want, JSON.stringify(c.options));
    assert.equal(journeys.conversions, c.journeys.filter((j) => j.converted).length);
  }
});

test('attribution per conversion credits as worked out', () => {
  assert.equal(all.attribution.length, 8);
  for (const c of all.attribution) {
    const from = c.journeys ? log.journeys(camelKeys(c.journeys)) : log;
    const got = from.attribution(camelKeys(c.options));
    const want = c.result;
    const name = JSON.stringify(c.options);
    assert.equal(got.conversions, want.conversions, name);
    assert.ok(close(got.value, want.value), name);
    assert.deepEqual(got.rows.map((r) => r.touchpoint), want.rows.map((r) => r.touchpoint), name);
    got.rows.forEach((r, i) => {
      assert.ok(close(r.conversions, want.rows[i].conversions), `${name} ${r.touchpoint}`);
      assert.ok(close(r.value, want.rows[i].value), `${name} ${r.touchpoint}`);
    });
  }
});

test('funnels count within the window and time each step', () => {
  for (const c of all.funnels) {
    const got = log.funnel(c.steps, camelKeys(c.options));
    const want = c.result;
    assert.equal(got.customers, want.customers);
    assert.equal(got.steps.length, want.steps.length);
    got.steps.forEach((s, i) => {
      for (const [key, value] of Object.entries(want.steps[i])) {
        if (typeof value === 'number') {
          assert.ok(close(s[key], value), `${c.steps} ${key}: ${s[key]} against ${value}`);
        } else {
          assert.equal(s[key], value, `${c.steps} ${key}`);
        }
      }
    });
  }
});

test('bad options name the option as it was written', () => {
  const bare = EventLog.fromCsv('customer_id,timestamp,touchpoint\na,2026-03-01,ad\n');
  for (const c of all.errors) {
    const options = camelKeys(c.options);
    const calls = {
      journeys: () => log.journeys(options),
      journeys_without_outcome: () => bare.journeys(options),
      attribution: () => log.attribution(options),
      funnel: () => log.funnel(c.steps, options),
    };
    const e = throwsJourneyError(calls[c.call], 'argument', c.call);
    // An option's name is the caller's (options.lookbackDays); the log's outcome column is no option.
    const name = c.name === 'outcome' ? c.name : `options.${camel(c.name)}`;
    assert.equal(e.message, `${name}: ${c.message}`, c.call);
  }
  throwsJourneyError(() => log.journeys({ lookback: 3 }), 'argument', 'an unknown option');
});
