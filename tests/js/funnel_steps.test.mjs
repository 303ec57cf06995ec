// The shared funnel cases (tests/fixtures/funnel_steps/cases.json), which the Rust and Python tests run too:
// a step the log has never met is refused unless `strict: false`, and steps of the wrong type get the same
// message everywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const all = readCases(join(fixtures, 'funnel_steps', 'cases.json'));
const log = EventLog.fromCsv(all.events);

test('funnel steps read as the shared cases say', () => {
  assert.ok(all.cases.length >= 8);
  for (const c of all.cases) {
    const call = () => ('strict' in c ? log.funnel(c.steps, { strict: c.strict }) : log.funnel(c.steps));
    if (c.customers) {
      assert.deepEqual(call().steps.map((s) => s.customers), c.customers, c.name);
    } else {
      const e = throwsJourneyError(call, c.kind, c.name);
      assert.equal(e.message, c.message.replace('{type}', c.type?.js), c.name);
    }
  }
});

test('strict sits with the progress options', () => {
  let reports = 0;
  const f = log.funnel(['alpha', 'nonexistent'], { strict: false, onProgress: () => { reports += 1; } });
  assert.deepEqual(f.steps.map((s) => s.customers), [2, 0]);
  assert.ok(reports > 0);
  // A callback alone is still the progress argument, and the funnel is strict.
  throwsJourneyError(() => log.funnel(['nonexistent'], () => {}), 'not_found');
  const e = throwsJourneyError(() => log.funnel(['alpha'], { strikt: false }), 'argument');
  assert.equal(e.message, 'options.strikt: unknown field `strikt`, expected one of `strict`, `withinDays`, `onProgress`, `signal`');
  assert.match(throwsJourneyError(() => log.funnel(['alpha'], { strict: 'no' }), 'argument').message, /^options\.strict: invalid type/);
});
