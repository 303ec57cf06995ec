// Persona lows weighed by the persona's share (tests/fixtures/persona_shares, the same checks as
// journey-core/tests/persona_shares.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey } = wasm;
const dir = join(fixtures, 'persona_shares');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const text = readFileSync(join(dir, 'map.json'), 'utf8');

test('a persona low weighs by the persona share', () => {
  const gaps = Journey.fromJson(text).gaps();
  for (const [tp, severity] of Object.entries(want.negative_moment_of_truth)) {
    const found = gaps.filter((g) => g.kind === 'negative_moment_of_truth' && g.location.touchpoint === tp);
    assert.equal(found.length, 1, tp);
    assert.equal(found[0].severity, severity, `${tp}: ${found[0].message}`);
    const fragment = want.message_contains[tp];
    if (fragment !== undefined) assert.ok(found[0].message.includes(fragment), found[0].message);
  }
});

test('shares are checked', () => {
  for (const c of want.invalid) {
    const doc = JSON.parse(text);
    doc.personas[c.persona].share = c.share;
    const e = throwsJourneyError(() => Journey.fromJson(JSON.stringify(doc)), 'invalid');
    assert.deepEqual(e.problems.filter((p) => p.path === c.path).map((p) => p.kind), [c.kind]);
  }
});
