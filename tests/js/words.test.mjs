// Words for people: the core's sentences reach JS unchanged (shared fixture tests/fixtures/words/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

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

const FORMATS = {
  count: wasm.formatCount,
  plural: wasm.plural,
  number: wasm.formatNumber,
  signed: wasm.formatSigned,
  percent: wasm.formatPercent,
  money: wasm.formatMoney,
  quantity: wasm.formatQuantity,
  p_value: wasm.formatPValue,
  duration: wasm.formatDuration,
};

test('number words give the core texts', () => {
  assert.deepEqual(Object.keys(FORMATS).sort(), [...new Set(want.formats.map((c) => c.fn))].sort());
  for (const c of want.formats) assert.equal(FORMATS[c.fn](...c.args), c.out, JSON.stringify(c));
  for (const c of want.format_errors) {
    const e = throwsJourneyError(() => FORMATS[c.fn](...c.args), 'argument', JSON.stringify(c));
    assert.ok(e.message.startsWith(c.starts), `${JSON.stringify(c)}: ${e.message}`);
  }
  // Defaults: two decimals for a number, one for a change.
  assert.equal(wasm.formatNumber(1.23456), '1.23');
  assert.equal(wasm.formatSigned(1.26), '+1.3');
});
