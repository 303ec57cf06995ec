// The diff against the shared fixtures in tests/fixtures/diff/ (the same cases as
// journey-core/tests/verdicts.rs and tests/python/test_diff.py): every edit a reviewer makes shows, by id,
// with the field, the values before and after, and a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, wasm } from './helpers.mjs';

const { Journey, diff } = wasm;

const dir = join(fixtures, 'diff');
const { cases } = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const load = (file) => Journey.fromJson(readFileSync(join(dir, file)));

for (const c of cases) {
  test(`diff: ${c.name}`, () => {
    const [a, b] = [load(c.a), load(c.b)];
    const d = diff(a, b);
    assert.deepEqual(d.edits, c.edits);
    assert.deepEqual(d.lines.slice(0, d.edits.length), c.edits.map((e) => e.line));
    assert.equal(diff(b, a).edits.length, c.edits.length);
  });
}

test('a map against itself has no edit', () => {
  const a = load(cases[0].a);
  const d = diff(a, a);
  assert.deepEqual([d.edits, d.lines, d.score_changes], [[], [], []]);
});
