// One builder used step by step, against the shared fixture (tests/fixtures/builder/steps.json) that the
// Rust and Python suites run too: it builds again after a build, goes on after a refused call or a refused
// build, and a refused call changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { JourneyBuilder } = wasm;
const fixture = readCases(join(fixtures, 'builder', 'steps.json'));

/** What the builder holds, as far as JavaScript can see it: the map it builds, or the problems it has. */
function state(b) {
  try {
    return b.build().toJson();
  } catch (e) {
    return JSON.stringify({ kind: e.kind, problems: e.problems });
  }
}

/** The JavaScript name of a step: the file's `reviewed_on` is the method `reviewedOn`. */
const method = (call) => call.replace(/_(.)/g, (_, c) => c.toUpperCase());

test('the builder goes on after builds and refused calls', () => {
  const b = new JourneyBuilder(fixture.id, fixture.name);
  let last;
  fixture.steps.forEach((step, n) => {
    const before = state(b);
    if (step.call !== 'build') {
      if (step.error !== undefined) {
        const e = throwsJourneyError(() => b[method(step.call)](step.with), step.error, `step ${n}`);
        assert.ok(e.message.includes(step.contains), `step ${n}: ${e.message}`);
        assert.equal(state(b), before, `step ${n}: a refused call changes nothing`);
      } else {
        assert.equal(b[method(step.call)](step.with), undefined, `step ${n}: the methods do not chain`);
      }
      last = undefined;
      return;
    }
    if (step.invalid !== undefined) {
      const e = throwsJourneyError(() => b.build(), 'invalid', `step ${n}`);
      assert.deepEqual(e.problems.map((p) => [p.kind, p.path]), step.invalid.map((p) => [p.kind, p.path]), `step ${n}`);
      assert.equal(state(b), before, `step ${n}: a refused build changes nothing`);
      last = undefined;
      return;
    }
    const j = b.build();
    assert.equal(state(b), before, `step ${n}: building changes nothing`);
    assert.deepEqual(j.touchpoints().map((t) => t.id), step.touchpoints, `step ${n}`);
    assert.deepEqual(j.transitions().map((t) => `${t.from}->${t.to}`), step.transitions, `step ${n}`);
    assert.equal(j.reviewedOn ?? null, step.reviewed_on, `step ${n}`);
    if (last !== undefined) assert.ok(j.equals(last), `step ${n}: built twice, the same map`);
    last = j;
  });
});
