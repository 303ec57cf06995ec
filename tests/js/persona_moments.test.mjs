// Pain points that name their personas (tests/fixtures/persona_moments, the same checks as
// journey-core/tests/persona_moments.rs): a persona's score counts only the pain points that concern them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey } = wasm;
const dir = join(fixtures, 'persona_moments');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const text = readFileSync(join(dir, 'map.json'), 'utf8');

test('a persona counts the pain points that concern them', () => {
  const j = Journey.fromJson(text);
  for (const [who, pain] of Object.entries(want.pain)) {
    const scores = who === 'all' ? j.score() : j.score({ persona: who });
    const t = scores.touchpoints.find((x) => x.touchpoint === want.touchpoint);
    const c = t.score.components.find((x) => x.name === 'pain');
    assert.ok(Math.abs(c.value - pain) < 1e-12, `${who}: ${c.value} vs ${pain}`);
    assert.ok(c.detail.startsWith(`${want.pain_points_counted[who]} pain point`), `${who}: ${c.detail}`);
  }
});

test('an unknown persona of a pain point is a problem naming its path', () => {
  const w = want.unknown_persona;
  const doc = JSON.parse(text);
  doc.touchpoints[0].pain_points[0].personas[0] = 'ghost';
  const e = throwsJourneyError(() => Journey.fromJson(JSON.stringify(doc)), 'invalid');
  const found = e.problems.filter((p) => p.path === w.path);
  assert.equal(found.length, 1);
  assert.equal(found[0].kind, w.kind);
  assert.ok(found[0].message.includes(w.message), found[0].message);
});
