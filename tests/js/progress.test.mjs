// Following and stopping long calls: the shared fixture tests/fixtures/progress/ (which the Rust and Python
// tests run too), the `{ onProgress, signal }` form and AbortSignal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;
const dir = join(fixtures, 'progress');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const map = Journey.fromJson(readFileSync(join(dir, expected.map), 'utf8'));
const eventsText = readFileSync(join(dir, expected.events), 'utf8');
const emptyText = readFileSync(join(dir, expected.empty), 'utf8');

/** The fixture's call on the log of `text` (read without progress), or reading `text` itself. */
function run(call, text, progress) {
  if (call.call === 'read_csv') return EventLog.fromCsv(text, expected.columns, progress).discover();
  const log = EventLog.fromCsv(text, expected.columns);
  switch (call.call) {
    case 'discover': return log.discover(progress);
    // Not strict: the fixture's empty log has none of the steps; the progress argument goes with the option.
    case 'funnel': {
      const follow = typeof progress === 'function' ? { onProgress: progress } : progress;
      return log.funnel(expected.funnel, { strict: false, ...follow });
    }
    case 'stage_funnel': return log.stageFunnel(map, progress);
    case 'conformance': return log.conformance(map, progress);
    case 'loops': return log.loops(map, progress);
    case 'attribution': return log.attribution({ model: call.model }, progress);
    case 'journeys': return log.journeys({}, progress).discover();
    case 'sessions': return log.sessions({}, progress).discover();
    case 'time_to_convert': return log.timeToConvert({}, progress);
    case 'cohorts': return log.cohorts({}, progress);
    default: throw new Error(call.call);
  }
}

const name = (call) => `${call.call} ${call.model ?? ''}`;

test('every call reports from 0 to its total, with the plain result', () => {
  for (const call of expected.calls) {
    const seen = [];
    const result = run(call, eventsText, (done, total) => { seen.push([done, total]); });
    assert.deepEqual(result, run(call, eventsText), name(call));
    assert.ok(seen.length >= 2, name(call));
    assert.equal(seen[0][0], 0, name(call));
    assert.ok(seen.every(([d, t], i) => i === 0 || (seen[i - 1][0] <= d && seen[i - 1][1] <= t)), name(call));
    assert.ok(seen.slice(0, -1).every(([d, t]) => d < t), name(call));
    assert.deepEqual(seen.at(-1), [call.total, call.total], name(call));
    // The same through { onProgress }.
    const again = [];
    run(call, eventsText, { onProgress: (done, total) => { again.push([done, total]); } });
    assert.deepEqual(again, seen, name(call));
  }
});

test('returning false at the first report cancels with kind cancelled, naming the call', () => {
  for (const call of expected.calls) {
    let calls = 0;
    const e = throwsJourneyError(() => run(call, eventsText, () => { calls += 1; return false; }), 'cancelled');
    assert.equal(e.message, expected.message.replace('{what}', call.what), name(call));
    assert.equal(calls, 1, name(call));
    // Anything but false goes on.
    assert.deepEqual(run(call, eventsText, () => 0), run(call, eventsText), name(call));
  }
});

test('an empty log is reported once, 0 of 0', () => {
  for (const call of expected.calls) {
    const seen = [];
    run(call, emptyText, (done, total) => { seen.push([done, total]); });
    assert.deepEqual(seen, call.call === 'read_csv' ? expected.empty_read_reports : expected.empty_reports, name(call));
  }
  const seen = [];
  EventLog.fromCsv('', undefined, (done, total) => { seen.push([done, total]); });
  assert.deepEqual(seen, expected.empty_reports);
});

test('an aborted signal stops a call, before it or from inside onProgress', () => {
  const log = EventLog.fromCsv(eventsText, expected.columns);
  const aborted = new AbortController();
  aborted.abort();
  let calls = 0;
  const e = throwsJourneyError(() => log.discover({ signal: aborted.signal, onProgress: () => { calls += 1; } }), 'cancelled');
  assert.equal(e.message, 'discovery was cancelled by the progress callback');
  assert.equal(calls, 0);
  throwsJourneyError(() => EventLog.fromCsv(eventsText, expected.columns, { signal: aborted.signal }), 'cancelled');
  throwsJourneyError(() => log.attribution(undefined, { signal: aborted.signal }), 'cancelled');
  // Aborted from inside onProgress: the call stops at once, onProgress is not called again.
  const controller = new AbortController();
  calls = 0;
  throwsJourneyError(() => log.conformance(map, {
    signal: controller.signal,
    onProgress: () => { calls += 1; controller.abort(); },
  }), 'cancelled');
  assert.equal(calls, 1);
  // A signal that is not aborted changes nothing.
  assert.deepEqual(log.loops(map, { signal: new AbortController().signal }), log.loops(map));
});

test('fromFile looks at the signal once the bytes are there', async () => {
  const controller = new AbortController();
  const reading = EventLog.fromFile(new Blob([eventsText]), expected.columns, { signal: controller.signal });
  controller.abort();
  await assert.rejects(reading, (e) => e.kind === 'cancelled' && e.message === 'reading CSV was cancelled by the progress callback');
  const seen = [];
  const log = await EventLog.fromFile(new Blob([eventsText]), expected.columns, { onProgress: (d, t) => { seen.push([d, t]); } });
  assert.equal(log.length, 21);
  assert.deepEqual(seen.at(-1), [expected.calls.at(-1).total, expected.calls.at(-1).total]);
});

test('progress arguments of the wrong shape are refused', () => {
  const log = EventLog.fromCsv(eventsText, expected.columns);
  assert.match(throwsJourneyError(() => log.discover(3), 'argument').message, /^onProgress: expected a function or an object/);
  assert.match(throwsJourneyError(() => log.funnel(['ad'], { onprogress: () => {} }), 'argument').message, /^options\.onprogress: unknown field `onprogress`, expected one of `strict`, `withinDays`, `onProgress`, `signal`; did you mean `onProgress`\?$/);
  assert.match(throwsJourneyError(() => log.loops(undefined, { signal: {} }), 'argument').message, /^signal: expected an AbortSignal/);
  assert.match(throwsJourneyError(() => log.stageFunnel(map, { onProgress: 1 }), 'argument').message, /^onProgress: expected a function/);
  // An exception thrown by onProgress comes out as it is.
  class Stop extends Error {}
  assert.throws(() => log.conformance(map, () => { throw new Stop('stop'); }), Stop);
});
