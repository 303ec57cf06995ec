// EventLog.forPersona against the shared fixture (tests/fixtures/personas, worked out by hand): each persona's
// customers, conversions, value and stage funnel, the errors, and the persona's score with their log applied:
// the same checks as journey-core/tests/personas.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'personas');
const expected = readCases(join(dir, 'expected.json'));
const csv = readFileSync(join(dir, expected.events), 'utf8');
const map = () => Journey.fromJson(readFileSync(join(dir, expected.map)));
const log = (segmentColumn = true) =>
  EventLog.fromCsv(csv, {
    outcome: expected.outcome_column,
    ...(segmentColumn ? { segment: expected.segment_column } : {}),
  });

const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);

test('the fixture log', () => {
  const l = log();
  assert.deepEqual([l.customerCount, l.conversions], [expected.customers, expected.conversions]);
});

test('each persona gets the customers of its segment', () => {
  const [j, l] = [map(), log()];
  for (const p of expected.personas) {
    const mine = l.forPersona(j, p.persona);
    assert.ok(mine instanceof EventLog);
    assert.deepEqual([mine.customerCount, mine.conversions], [p.customers, p.conversions], p.persona);
    close(mine.attribution({ model: 'last_touch' }).value, p.value, `${p.persona}: value`);
    assert.deepEqual(mine.stageFunnel(j).steps.map((s) => s.customers), p.stage_funnel, p.persona);
    assert.deepEqual(mine.discover(), l.filterSegment(p.segment).discover(), p.persona);
  }
});

test("a persona's score with their log applied", () => {
  const [j, l] = [map(), log()];
  for (const p of expected.personas.filter((p) => p.applied !== undefined)) {
    const seen = j.apply(l.forPersona(j, p.persona));
    for (const [tp, entered] of Object.entries(p.applied.entered)) {
      assert.equal(seen.touchpoint(tp).metrics?.entered ?? null, entered, `${p.persona}: ${tp}`);
    }
    const score = seen.score({ persona: p.persona });
    assert.equal(score.persona, p.persona);
    close(score.score.value, p.applied.score, `${p.persona}: score`);
    assert.ok(Math.abs(j.score({ persona: p.persona }).score.value - p.applied.score) > 1e-6, p.persona);
    assert.ok(Array.isArray(seen.gaps()));
  }
});

test('bad personas and logs name the argument at fault', () => {
  const j = map();
  for (const c of expected.errors) {
    const e = throwsJourneyError(() => log(c.segment_column).forPersona(j, c.persona), c.kind, c.name);
    assert.ok(e.message.startsWith(c.message_starts), `${c.name}: ${e.message}`);
    assert.ok(e.message.includes(c.message), `${c.name}: ${e.message}`);
  }
  const e = throwsJourneyError(() => log().forPersona(j, 3), 'argument');
  assert.match(e.message, /^persona: expected a string/);
});
