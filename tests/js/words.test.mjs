// Words for people: the core's sentences reach JS unchanged (shared fixture tests/fixtures/words/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { Journey } = wasm;
const dir = join(fixtures, 'words');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

test('gap messages and breakdowns read as the core writes them', () => {
  const j = Journey.fromJson(readFileSync(join(dir, want.map)));
  const gaps = j.gaps({ asOf: want.as_of });
  const texts = gaps.map((g) => g.message);
  for (const w of want.gaps) {
    assert.ok(gaps.some((g) => g.kind === w.kind && g.message.includes(w.contains)), `${w.contains}: ${texts}`);
  }
  const scores = j.score();
  for (const [tp, fragments] of Object.entries(want.breakdowns)) {
    const details = scores.touchpoints.find((t) => t.touchpoint === tp).score.components.map((c) => c.detail);
    for (const f of fragments) assert.ok(details.some((d) => d.includes(f)), `${tp}: ${f} not in ${details}`);
  }
  for (const t of scores.touchpoints) texts.push(...t.score.components.map((c) => c.detail));
  for (const absent of want.absent) assert.ok(texts.every((t) => !t.includes(absent)), `${absent} in ${texts}`);
});
