// Large maps from JavaScript: the touchpoints, gaps and poster of a generated map of 10^4 touchpoints (the
// same map as tests/python/test_hostile_scale.py). No time is bounded (the size benchmark,
// `journey-bench --bin map_scale`, measures growth); a return to a scan per item takes minutes here.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { wasm } from './helpers.mjs';

const { Journey } = wasm;
const N = 10_000;

function generated(n = N, perStage = 20, personas = 50) {
  const stages = Array.from({ length: Math.max(Math.floor(n / perStage), 1) }, (_, s) => ({ id: `s${s}`, name: `Stage ${s}` }));
  const channels = ['web', 'email', 'mobile_app', 'store', 'social', 'search', 'sms', 'referral'];
  const touchpoints = [];
  const transitions = [];
  for (let i = 0; i < n; i++) {
    const t = {
      id: `t${i}`,
      name: `Touchpoint ${i}`,
      stage: `s${Math.floor((i * stages.length) / n)}`,
      channel: channels[i % channels.length],
      emotion: ((i % 9) - 4) / 2,
      metrics: { entered: 10_000 - (i % 1000), completed: 9_000 - (i % 1000) },
    };
    if (i % 4 === 0) {
      const p = `p${Math.floor(i / 4) % personas}`;
      t.personas = [p];
      t.persona_emotions = { [p]: ((i % 5) - 2) / 2 };
    }
    if (i % 3 === 0) t.pain_points = [{ description: `waits at ${i}`, severity: 1 + (i % 5) }];
    touchpoints.push(t);
    if (i + 1 < n) transitions.push({ from: `t${i}`, to: `t${i + 1}`, count: 5000 });
    // A loop back that customers take and the design lacks.
    if (i % 10 === 9) transitions.push({ from: `t${i}`, to: `t${i - 5}`, count: 50, expected: false, observed: true });
  }
  const goals = [];
  for (let i = 49; i < n; i += 50) goals.push(`t${i}`);
  return Journey.fromJson(JSON.stringify({
    schema_version: 1,
    id: 'generated',
    name: 'Generated',
    personas: Array.from({ length: personas }, (_, p) => ({ id: `p${p}`, name: `Persona ${p}` })),
    stages,
    touchpoints,
    transitions,
    entries: ['t0'],
    goals,
  }));
}

test('a large map lists its touchpoints stage by stage', () => {
  const j = generated();
  const ids = j.touchpoints().map((t) => t.id);
  assert.equal(ids.length, N);
  assert.deepEqual(ids.slice(0, 3), ['t0', 't1', 't2']);
  assert.equal(ids[N - 1], `t${N - 1}`);
  const many = generated(N, 1);
  assert.equal(many.stages().length, N);
  assert.deepEqual(many.touchpoints().slice(0, 3).map((t) => t.stage), ['s0', 's1', 's2']);
});

test('a large map has its gaps and poster', () => {
  const j = generated();
  const gaps = j.gaps({ asOf: '2026-11-01' });
  const kinds = new Set(gaps.map((g) => g.kind));
  for (const k of ['loop', 'unevidenced', 'stale_map']) assert.ok(kinds.has(k), k);
  assert.equal(gaps.filter((g) => g.kind === 'loop').length, N / 10);
  const svg = j.toSvg();
  assert.ok(svg.startsWith('<?xml') && svg.includes(`${N} touchpoints`));
  assert.ok(svg.includes('+43 more personas (draw one with the persona option)'));
});
