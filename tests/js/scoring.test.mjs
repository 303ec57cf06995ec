// Scores, gaps, backlog and diff against the shared fixtures in tests/fixtures/gaps/: the same checks as
// journey-core/tests/scoring.rs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey, JourneyBuilder, defaultScoringModel, diff } = wasm;

const dir = join(fixtures, 'gaps');
const cases = readCases(join(dir, 'cases.json'));
const asOf = cases.as_of;

const load = (file) => Journey.fromJson(readFileSync(join(dir, file)));
const loadValid = (file) => Journey.fromJson(readFileSync(join(fixtures, 'valid', file)));

/** A date as `YYYY-MM-DD` in local time, `days` after today. */
function localDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The keys a plain JSON-shaped object has, for checking result shapes. */
const keys = (o) => Object.keys(o).sort();

test('defaultScoringModel has every field', () => {
  const m = defaultScoringModel();
  assert.deepEqual(m.weights, { emotion: 1, satisfaction: 1, completion: 1, effort: 1, pain: 1 });
  assert.deepEqual(keys(m), [
    'default_effort', 'default_reach', 'default_share', 'evidence_target', 'max_stage_share', 'stage_weighting',
    'thresholds', 'weights',
  ]);
  assert.equal(m.stage_weighting, 'equal');
  assert.equal(m.max_stage_share, 0.5);
  assert.equal(m.thresholds.stale_after_days, 183);
  // A fresh object each time: changing one does not change the defaults.
  m.weights.pain = 5;
  assert.equal(defaultScoringModel().weights.pain, 1);
});

test('the clean map has no gap of any kind', () => {
  const gaps = load(cases.clean).gaps({ asOf });
  assert.deepEqual(gaps, []);
});

test('every gap kind fires where its defect is', () => {
  assert.equal(cases.kinds.length, 20);
  for (const c of cases.kinds) {
    const gaps = load(c.file).gaps({ asOf });
    const found = gaps.filter((g) => g.kind === c.kind);
    assert.ok(found.length > 0, `${c.kind} did not fire: ${JSON.stringify(gaps, null, 1)}`);
    for (const g of found) {
      assert.deepEqual(keys(g), ['evidence', 'kind', 'location', 'message', 'severity']);
      assert.deepEqual(keys(g.location), ['kpi', 'pain_point', 'persona', 'stage', 'touchpoint', 'transition']);
      for (const [field, value] of Object.entries(c.where)) {
        assert.deepEqual(g.location[field], value, `${c.kind}: ${field} of ${JSON.stringify(g)}`);
      }
      assert.ok(Number.isInteger(g.severity) && g.severity >= 1 && g.severity <= 5, `${c.kind}: ${g.severity}`);
      assert.ok(g.message.length > 0 && !g.message.endsWith('.'), g.message);
      assert.ok(Array.isArray(g.evidence) && g.evidence.every((e) => typeof e === 'string'));
    }
    // Most severe first.
    for (let i = 1; i < gaps.length; i++) {
      assert.ok(gaps[i - 1].severity >= gaps[i].severity, `${c.kind}: gaps not sorted by severity`);
    }
  }
});

test('transitions are [from, to] and fields that do not apply are null', () => {
  const loop = load('loop.json').gaps({ asOf }).find((g) => g.kind === 'loop');
  assert.deepEqual(loop.location.transition, ['checkout', 'site']);
  const stale = load('stale_map.json').gaps({ asOf }).find((g) => g.kind === 'stale_map');
  assert.deepEqual(stale.location, { stage: null, touchpoint: null, transition: null, persona: null, pain_point: null, kpi: null });
  assert.match(stale.message, new RegExp(`before ${asOf}`));
});

test('a gap about one pain point names it by index, and joins its backlog line', () => {
  const links = cases.links;
  const j = load(links.file);
  const gaps = j.gaps({ asOf });
  for (const want of links.gaps) {
    const hits = gaps.filter((g) => g.kind === want.kind && g.location.touchpoint === want.touchpoint && g.location.pain_point === want.pain_point);
    assert.equal(hits.length, 1, JSON.stringify(want));
  }
  const items = j.prioritize({ asOf });
  for (const want of links.lines) {
    const line = items.find((i) => i.id === want.pain_point || i.addresses.some((a) => a.id === want.pain_point));
    const held = line.addresses.filter((a) => a.source === 'gap' && a.kind === 'unevidenced').length;
    assert.equal(held, want.unevidenced, `${want.pain_point}: ${JSON.stringify(line.addresses)}`);
  }
  // A KPI gap names its KPI.
  const kpi = load('kpi_below_target.json').gaps({ asOf }).find((g) => g.kind === 'kpi_below_target');
  assert.equal(kpi.location.kpi, 0);
});

test('stale_map follows the threshold', () => {
  const j = load('stale_map.json');
  assert.ok(j.gaps({ asOf }).some((g) => g.kind === 'stale_map'));
  const lenient = { thresholds: { stale_after_days: 1000 } };
  assert.ok(j.gaps({ asOf, model: lenient }).every((g) => g.kind !== 'stale_map'));
});

test('without asOf the map is aged against today in local time', () => {
  // A map reviewed long ago is stale today.
  const stale = load('stale_map.json');
  assert.ok(stale.gaps().some((g) => g.kind === 'stale_map'));
  assert.ok(stale.gaps({}).some((g) => g.kind === 'stale_map'));
  assert.ok(stale.gaps({ asOf: undefined, model: {} }).some((g) => g.kind === 'stale_map'));
  assert.ok(stale.prioritize().some((i) => i.kind === 'stale_map'));

  // The exact day: reviewed yesterday is one day old, reviewed today is not old at all.
  const model = { thresholds: { stale_after_days: 0 } };
  const reviewed = (date) => {
    const b = new JourneyBuilder('d', 'Dated', true);
    b.reviewedOn(date);
    return b.build();
  };
  const staleKinds = (j) => j.gaps({ model }).filter((g) => g.kind === 'stale_map');
  const yesterday = staleKinds(reviewed(localDate(-1)));
  assert.equal(yesterday.length, 1);
  assert.match(yesterday[0].message, new RegExp(`1 day before ${localDate()}`));
  assert.deepEqual(staleKinds(reviewed(localDate())), []);
  // A map never reviewed is stale whatever the date.
  assert.ok(new JourneyBuilder('n', 'Never', true).build().gaps().some((g) => g.kind === 'stale_map'));
});

test('clean scores follow the documented formulas', () => {
  const want = cases.clean_scores;
  const s = load(cases.clean).score();
  const close = (a, b, what) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  assert.deepEqual(keys(s), ['persona', 'score', 'stages', 'touchpoints']);
  assert.equal(s.persona, null);
  close(s.score.value, want.journey, 'journey');
  assert.deepEqual(s.stages.map((st) => st.stage), Object.keys(want.stages));
  for (const st of s.stages) close(st.score.value, want.stages[st.stage], st.stage);
  assert.deepEqual(s.touchpoints.map((t) => t.touchpoint), Object.keys(want.touchpoints));
  for (const t of s.touchpoints) {
    close(t.score.value, want.touchpoints[t.touchpoint], t.touchpoint);
    close(t.opportunity, want.opportunity[t.touchpoint], `opportunity ${t.touchpoint}`);
  }
  const stage = (id) => s.stages.find((st) => st.stage === id);
  const touchpoint = (id) => s.touchpoints.find((t) => t.touchpoint === id);
  assert.equal(stage('buy').weakest, 'checkout');
  assert.equal(stage('find').weakest, 'ad');
  assert.equal(stage('find').reach, 1000);
  assert.equal(stage('keep').reach, null);
  assert.deepEqual(s.stages.map((st) => st.customers), [900, 800, null]);
  const checkout = touchpoint('checkout');
  assert.deepEqual(checkout.score.components.map((c) => c.name), ['emotion', 'satisfaction', 'completion', 'effort', 'pain']);
  assert.deepEqual(checkout.score.missing, []);
  assert.deepEqual(keys(checkout.score.components[0]), ['detail', 'name', 'value', 'weight']);
  // The ad is an entry: judged on reach, never on completion.
  assert.equal(touchpoint('ad').role, 'entry');
  assert.deepEqual(touchpoint('ad').score.components.map((c) => c.name), ['emotion', 'satisfaction', 'pain']);
  assert.deepEqual(touchpoint('ad').score.missing, ['effort']);
  // The default model weighs the stages equally; each stage shows its share.
  assert.ok(s.score.components.every((c) => Math.abs(c.weight - 1 / 3) < 1e-12 && c.detail.includes('equal')));
  assert.ok(s.stages.every((st) => Math.abs(st.weight - 1 / 3) < 1e-12));

  const doc = load(cases.clean).toObject();
  doc.touchpoints[3].metrics = { entered: 600 };
  const reached = Journey.fromJson(doc).score({ model: { stage_weighting: 'customers' } });
  const want2 = [900 / 2300, 800 / 2300, 600 / 2300];
  reached.stages.forEach((st, i) => close(st.weight, want2[i], `weight of ${st.stage}`));
});

test('a partial model is merged over the defaults', () => {
  const j = load(cases.clean);
  assert.deepEqual(j.score({ model: {} }), j.score());
  assert.deepEqual(j.score({ model: defaultScoringModel() }), j.score());
  // Only the pain weight counts: checkout's score is its pain component alone.
  const zeroed = { emotion: 0, satisfaction: 0, completion: 0, effort: 0 };
  const painOnly = j.score({ model: { weights: zeroed } });
  const checkout = painOnly.touchpoints.find((t) => t.touchpoint === 'checkout');
  const pain = checkout.score.components.find((c) => c.name === 'pain');
  assert.equal(pain.weight, 1);
  assert.ok(Math.abs(checkout.score.value - pain.value * 100) < 1e-9);
  // The other fields keep their defaults: default_share still applies to a pain point without a share.
  const doc = load(cases.clean).toObject();
  delete doc.touchpoints[2].pain_points[0].share;
  const unshared = Journey.fromJson(doc);
  const painOf = (model) =>
    unshared.score({ model }).touchpoints.find((t) => t.touchpoint === 'checkout').score.components.find((c) => c.name === 'pain');
  assert.ok(Math.abs(painOf({ weights: zeroed }).value - (1 - (2 / 5) * 0.5)) < 1e-12);
  assert.ok(Math.abs(painOf({ weights: zeroed, default_share: 1 }).value - (1 - 2 / 5)) < 1e-12);
});

test('a map without metrics scores a neutral experience with low confidence', () => {
  const s = loadValid('minimal.json').score();
  // A neutral experience (0.5, the weight of four components) free of known pain (1, weight 1).
  assert.ok(Math.abs(s.score.value - 60) < 1e-9, String(s.score.value));
  assert.ok(Math.abs(s.score.confidence - 0.1) < 1e-12);
  assert.deepEqual(s.touchpoints[0].score.components.map((c) => c.name), ['experience', 'pain']);
  assert.deepEqual(s.touchpoints[0].score.missing, ['emotion', 'satisfaction', 'completion', 'effort']);
  assert.equal(s.touchpoints[0].opportunity, null);
  const empty = new JourneyBuilder('e', 'Empty', true).build().score();
  assert.equal(empty.score.value, 50);
  assert.equal(empty.score.confidence, 0);
  assert.equal(empty.score.missing.length, 5);
});

test('bad models throw kind argument naming the weight, and the module keeps working', () => {
  const j = load(cases.clean);
  const weights = (w) => ({ model: { weights: w } });
  let e = throwsJourneyError(() => j.score(weights({ pain: -1 })), 'argument');
  assert.equal(e.message, 'weights.pain: -1 is not a number in 0..=1000000');
  e = throwsJourneyError(() => j.gaps(weights({ pain: NaN })), 'argument');
  assert.match(e.message, /weights\.pain/);
  e = throwsJourneyError(() => j.gaps(weights({ effort: Infinity })), 'argument');
  assert.match(e.message, /weights\.effort/);
  const zero = { emotion: 0, satisfaction: 0, completion: 0, effort: 0, pain: 0 };
  e = throwsJourneyError(() => j.prioritize(weights(zero)), 'argument');
  assert.match(e.message, /^weights: all weights are zero/);
  e = throwsJourneyError(() => diff(j, j, weights({ emotion: -0.5 })), 'argument');
  assert.match(e.message, /^weights\.emotion: -0\.5 is not/);
  e = throwsJourneyError(() => j.score({ model: { thresholds: { drop_off: 2 } } }), 'argument');
  assert.match(e.message, /^thresholds\.drop_off: 2 is not a number in 0\.\.=1/);

  // Unknown fields and wrong types name their path.
  e = throwsJourneyError(() => j.score(weights({ pian: 1 })), 'argument');
  assert.match(e.message, /^options\.model\.weights\.pian: unknown field `pian`, expected one of `emotion`/);
  e = throwsJourneyError(() => j.gaps({ model: { weight: {} } }), 'argument');
  assert.match(e.message, /^options\.model\.weight: unknown field `weight`/);
  e = throwsJourneyError(() => j.score(weights({ pain: '1' })), 'argument');
  assert.match(e.message, /^options\.model\.weights\.pain: invalid type/);
  e = throwsJourneyError(() => j.score({ persona: 'commuter', extra: true }), 'argument');
  assert.match(e.message, /unknown field `extra`/);
  e = throwsJourneyError(() => j.gaps({ asOf: '1 November 2026' }), 'argument');
  assert.match(e.message, /^options\.asOf: /);
  e = throwsJourneyError(() => j.gaps({ as_of: asOf }), 'argument');
  assert.match(e.message, /unknown field `as_of`/);
  e = throwsJourneyError(() => j.score({ model: { weights: { pain: NaN } } }), 'argument');
  assert.match(e.message, /^options\.model\.weights\.pain: invalid type: string "NaN", expected f64/);
  e = throwsJourneyError(() => j.score({ model: { evidence_target: -1 } }), 'argument');
  assert.match(e.message, /^options\.model\.evidence_target: /);
  e = throwsJourneyError(() => j.score('persona'), 'argument');
  assert.equal(e.message, 'options: expected an object, found string');
  e = throwsJourneyError(() => j.gaps([asOf]), 'argument');
  assert.equal(e.message, 'options: expected an object, found array');
  e = throwsJourneyError(() => j.score({ persona: 3 }), 'argument');
  assert.match(e.message, /^options\.persona: invalid type/);

  // Still working.
  assert.deepEqual(j.gaps({ asOf }), []);
  assert.ok(Math.abs(j.score().score.value - cases.clean_scores.journey) < 1e-9);
  // null options are no options.
  assert.deepEqual(j.score(null), j.score());
});

test('persona scores use their touchpoints and emotions', () => {
  const j = loadValid('bike-rental.json');
  const commuter = j.score({ persona: 'commuter' });
  assert.equal(commuter.persona, 'commuter');
  const ids = commuter.touchpoints.map((t) => t.touchpoint);
  assert.ok(!ids.includes('kiosk') && ids.includes('app_store'), ids.join(','));
  const unlock = commuter.touchpoints.find((t) => t.touchpoint === 'unlock');
  assert.equal(unlock.score.components[0].name, 'emotion');
  assert.equal(unlock.score.components[0].value, (-1.5 + 2) / 4);
  const model = { weights: { pain: 2 } };
  assert.deepEqual(j.score({ persona: 'commuter', model }).persona, 'commuter');
  const e = throwsJourneyError(() => j.score({ persona: 'ghost' }), 'not_found');
  assert.match(e.message, /ghost/);
});

test('the backlog is one line per problem, ranked by reach × impact × confidence × importance / 5 / effort', () => {
  const items = load('pain_hotspot.json').prioritize({ asOf });
  items.forEach((item, i) => {
    assert.equal(item.rank, i + 1);
    const p = (item.reach * item.impact * item.confidence * item.importance) / 5 / item.effort;
    assert.ok(Math.abs(item.priority - p) < 1e-12, `${item.title}: ${item.priority} vs ${p}`);
    assert.deepEqual(keys(item), [
      'addresses', 'confidence', 'effect', 'effort', 'id', 'impact', 'importance', 'kind', 'location', 'priority',
      'quick_win', 'rank', 'ranked_by', 'reach', 'reach_basis', 'source', 'title',
    ]);
    assert.equal(item.ranked_by, 'map', 'without a log every line is ranked by the map');
  });
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].priority >= items[i].priority);
  // The opportunity holds the pain point it addresses and the hot spot about it.
  assert.equal(items.length, 1);
  const lookup = items[0];
  assert.deepEqual([lookup.source, lookup.title], ['opportunity', 'Address lookup (at "Checkout")']);
  assert.deepEqual(lookup.addresses.map((a) => [a.kind, a.id]), [['pain_point', 'pain_form'], ['pain_hotspot', null]]);
  assert.ok(lookup.quick_win, 'impact 4, effort 2 is a quick win');
  assert.deepEqual([lookup.impact, lookup.effort, lookup.confidence, lookup.importance], [4, 2, 0.7, 5]);
  // 800 at the checkout, 60% affected, of the 900 at the busiest touchpoint (the ad's 1000 are impressions).
  assert.ok(Math.abs(lookup.reach - (800 / 900) * 0.6) < 1e-12, `${lookup.reach}`);
  assert.ok(lookup.reach_basis.startsWith('480 of the 800 customers at "Checkout"'), lookup.reach_basis);
  assert.equal(lookup.location.touchpoint, 'checkout');
  assert.equal(lookup.effect, null);
  // The model's thresholds decide quick wins.
  const strict = load('pain_hotspot.json').prioritize({ asOf, model: { thresholds: { quick_win_impact: 5 } } });
  assert.ok(strict.every((i) => !i.quick_win));
});

test('a KPI short of its target reaches the share it is short by', () => {
  const kpi = load('kpi_below_target.json').prioritize({ asOf }).find((i) => i.kind === 'kpi_below_target');
  assert.ok(Math.abs(kpi.reach - 0.3) < 1e-12, `${kpi.reach}`);
  assert.ok(kpi.reach_basis.includes('(30% short of its target)'), kpi.reach_basis);
  assert.deepEqual([kpi.confidence, kpi.importance, kpi.effect], [0.5, 3.5, null]);
});

const DIFF_LISTS = [
  'stages_added', 'stages_removed', 'stages_changed', 'touchpoints_added', 'touchpoints_removed', 'touchpoints_moved',
  'touchpoints_changed', 'transitions_added', 'transitions_removed', 'emotion_changes', 'metric_changes',
];

test('diff reports what changed by id', () => {
  const clean = load(cases.clean);
  for (const c of cases.diffs) {
    const d = diff(clean, load(c.other));
    assert.deepEqual(keys(d), [...DIFF_LISTS, 'score_changes', 'edits', 'lines'].sort());
    assert.ok(d.edits.length > 0 && d.lines.length >= d.edits.length, c.other);
    for (const list of DIFF_LISTS) {
      assert.deepEqual(d[list], c[list] ?? [], `${c.other}: ${list}`);
    }
    if (c.score_change_ids !== undefined) {
      assert.deepEqual(d.score_changes.map((s) => s.id), c.score_change_ids, `${c.other}: score_changes`);
      for (const s of d.score_changes) {
        assert.equal(s.field, 'score');
        assert.ok(Math.abs(s.before - s.after) >= 0.05);
      }
    }
  }
  const same = diff(clean, clean, {});
  for (const list of [...DIFF_LISTS, 'score_changes', 'edits', 'lines']) assert.deepEqual(same[list], [], list);
  // The journeys are borrowed, not consumed.
  assert.equal(clean.touchpointCount, 4);
  // Emotions may be missing on one side: null.
  const doc = clean.toObject();
  delete doc.touchpoints[0].emotion;
  const noEmotion = diff(clean, Journey.fromJson(doc)).emotion_changes;
  assert.deepEqual(noEmotion, [{ id: 'ad', field: 'emotion', before: 1, after: null }]);
  assert.throws(() => diff(clean, {}), 'a journey is needed, not an object shaped like one');
});
