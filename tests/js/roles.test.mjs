// Touchpoint roles against the shared fixtures in tests/fixtures/roles/: the same checks as
// journey-core/tests/scores_roles.rs and tests/python/test_roles.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, root, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey, JourneyBuilder } = wasm;

const dir = join(fixtures, 'roles');
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
const load = () => Journey.fromJson(readFileSync(join(dir, cases.map)));

test('every touchpoint has the role of its file or its default', () => {
  const j = load();
  for (const [id, role] of Object.entries(cases.roles)) assert.equal(j.role(id), role, id);
  const doc = j.toObject();
  assert.deepEqual(doc.touchpoints.filter((t) => t.role !== undefined).map((t) => t.id), cases.roles_in_file);
  assert.equal('role' in doc.touchpoints.find((t) => t.id === 'ad'), false, 'absent stays absent');
  throwsJourneyError(() => j.role('nowhere'), 'not_found');
});

test('saving keeps each role as the file has it', () => {
  const saved = JSON.parse(load().toJson());
  const original = JSON.parse(readFileSync(join(dir, cases.map), 'utf8'));
  assert.deepEqual(saved.touchpoints.map((t) => t.role), original.touchpoints.map((t) => t.role));
});

test('flow gaps are judged by role', () => {
  const gaps = load().gaps();
  for (const [kind, want] of Object.entries(cases.gaps)) {
    const found = gaps
      .filter((g) => g.kind === kind)
      .map((g) => (g.location.transition ? g.location.transition.join('->') : g.location.touchpoint))
      .sort();
    assert.deepEqual(found, want, kind);
  }
});

test('only steps are judged on completion', () => {
  const j = load();
  const s = j.score();
  for (const [id, names] of Object.entries(cases.components)) {
    const t = s.touchpoints.find((x) => x.touchpoint === id);
    assert.deepEqual(t.score.components.map((c) => c.name), names, id);
  }
  for (const t of s.touchpoints) {
    assert.equal(t.role, j.role(t.touchpoint));
    const judged = t.score.components.some((c) => c.name === 'completion') || t.score.missing.includes('completion');
    assert.equal(judged, t.role === 'step', t.touchpoint);
  }
});

test('the sheet gives the same roles', () => {
  const j = load();
  const sheet = Journey.fromCsvSheet(readFileSync(join(dir, cases.sheet)), 'roles', 'Roles');
  const roleInFile = (x, id) => x.toObject().touchpoints.find((t) => t.id === id).role;
  for (const id of Object.keys(cases.roles)) {
    assert.equal(sheet.role(id), j.role(id), id);
    assert.equal(roleInFile(sheet, id), roleInFile(j, id), id);
  }
});

test('the builder takes a role', () => {
  const b = new JourneyBuilder('b', 'Built', true);
  b.touchpoint({ id: 'ad', name: 'Ad', stage: 'awareness', channel: 'paid_ads' });
  b.touchpoint({
    id: 'post', name: 'Unboxing post', stage: 'advocacy', channel: 'social', role: 'optional',
    metrics: { entered: 100, completed: 5 },
  });
  b.transition({ from: 'ad', to: 'post' });
  b.entry('ad');
  b.goal('post');
  const j = b.build();
  assert.deepEqual([j.role('ad'), j.role('post')], ['entry', 'optional']);
  assert.ok(j.gaps().every((g) => g.kind !== 'drop_off'));
  const bad = new JourneyBuilder('x', 'X', true);
  const e = throwsJourneyError(() => bad.touchpoint({ id: 'x', name: 'X', stage: 'awareness', channel: 'web', role: 'later' }), 'argument');
  assert.match(e.message, /unknown variant `later`/);
});

test('the example judges optional touchpoints on take-up', () => {
  const j = Journey.fromJson(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json')));
  const ids = j.toObject().touchpoints.map((t) => t.id);
  assert.deepEqual(ids.filter((id) => j.role(id) === 'optional'), ['loyalty_email', 'review_request', 'social_share', 'refer_friend']);
  assert.deepEqual(ids.filter((id) => j.role(id) === 'entry'), ['social_ad', 'search_result', 'shop_window', 'catalogue']);
  for (const g of j.gaps()) {
    if (['drop_off', 'channel_switch_loss', 'handoff_loss'].includes(g.kind)) {
      const at = g.location.transition ? g.location.transition[1] : g.location.touchpoint;
      assert.equal(j.role(at), 'step', g.message);
    }
  }
});
