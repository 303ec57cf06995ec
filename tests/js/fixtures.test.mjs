// The shared fixtures of tests/fixtures, the same cases the Rust and Python tests run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { fixtures, ids, readCases, stem, throwsJourneyError, utf8, wasm } from './helpers.mjs';

const { Journey } = wasm;

const suites = [
  ['cases.json', readCases(join(fixtures, 'cases.json'))],
  ['csv/cases.json', readCases(join(fixtures, 'csv', 'cases.json'))],
];

/** A CSV sheet's journey name: the file stem with '-' and '_' as spaces, first letter upper case. */
function sheetName(id) {
  const words = id.replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The map's structure: stages, touchpoints (with stage and channel), transitions, entries and goals. */
function graphOf(j) {
  return {
    stages: j.stages().map((s) => s.id),
    touchpoints: j.touchpoints().map((t) => [t.id, t.stage, t.channel]),
    transitions: j.transitions().map((t) => [t.from, t.to]),
    entries: ids(j.entries()),
    goals: ids(j.goals()),
  };
}

/** Every way the binding can be given this fixture: bytes, and the text when it is UTF-8. */
function loaders(base, c) {
  const bytes = new Uint8Array(readFileSync(join(base, c.file)));
  const text = utf8(bytes);
  const id = stem(c.file);
  const load = (input) =>
    c.loader === 'csv_sheet' ? Journey.fromCsvSheet(input, id, sheetName(id)) : Journey.fromJson(input);
  const ways = [['bytes', () => load(bytes)]];
  if (text !== undefined) ways.push(['text', () => load(text)]);
  return ways;
}

for (const [label, cases] of suites) {
  const base = join(fixtures, dirname(label));

  for (const c of cases.load_errors ?? []) {
    test(`${label} load error: ${c.name ?? c.file}`, () => {
      for (const [how, load] of loaders(base, c)) {
        const e = throwsJourneyError(load, c.kind);
        if (c.problems !== undefined) {
          assert.deepEqual(
            (e.problems ?? []).map((p) => ({ kind: p.kind, path: p.path })),
            c.problems.map((p) => ({ kind: p.kind, path: p.path })),
            `problems (${how})`,
          );
          for (const p of e.problems ?? []) {
            assert.equal(typeof p.message, 'string');
            assert.ok(p.id === undefined || typeof p.id === 'string');
          }
        }
        for (const s of c.message_contains ?? []) {
          assert.ok(e.message.includes(s), `(${how}) message ${JSON.stringify(e.message)} lacks ${JSON.stringify(s)}`);
        }
      }
      // A JSON document with problems, given as a parsed object, has the same problems.
      if (c.loader === 'json' && c.kind === 'invalid') {
        const doc = JSON.parse(readFileSync(join(base, c.file), 'utf8'));
        const e = throwsJourneyError(() => Journey.fromJson(doc), 'invalid');
        assert.deepEqual(
          e.problems.map((p) => [p.kind, p.path]),
          c.problems.map((p) => [p.kind, p.path]),
          'problems (object)',
        );
      }
    });
  }

  for (const c of cases.valid ?? []) {
    test(`${label} valid: ${c.file}`, () => {
      for (const [how, load] of loaders(base, c)) {
        const j = load();
        if (c.id !== undefined) assert.equal(j.id, c.id, how);
        if (c.name !== undefined) assert.equal(j.name, c.name, how);
        if (c.stages !== undefined) assert.deepEqual(j.stages().map((s) => s.id), c.stages, how);
        if (c.touchpoints !== undefined) {
          assert.deepEqual(ids(j.touchpoints()), c.touchpoints, how);
          assert.equal(j.touchpointCount, c.touchpoints.length);
        }
        if (c.transitions !== undefined) {
          assert.deepEqual(j.transitions().map((t) => [t.from, t.to]), c.transitions, how);
          assert.equal(j.transitionCount, c.transitions.length);
        }
        if (c.entries !== undefined) assert.deepEqual(ids(j.entries()), c.entries, how);
        if (c.goals !== undefined) assert.deepEqual(ids(j.goals()), c.goals, how);
        if (c.same_map_as !== undefined) {
          const other = Journey.fromJson(new Uint8Array(readFileSync(join(base, c.same_map_as))));
          assert.deepEqual(graphOf(j), graphOf(other), `${c.file} is not the same map as ${c.same_map_as} (${how})`);
        }
        assert.deepEqual(j.validate(), []);
        // Round trips: JSON text, and the plain object.
        assert.ok(Journey.fromJson(j.toJson()).equals(j), `toJson round trip (${how})`);
        assert.ok(Journey.fromJson(j.toObject()).equals(j), `toObject round trip (${how})`);
        if (c.loader === 'json') {
          const text = readFileSync(join(base, c.file), 'utf8');
          assert.ok(Journey.fromJson(JSON.parse(text)).equals(j), `object load (${how})`);
        }
      }
    });
  }

  for (const c of cases.queries ?? []) {
    test(`${label} queries: ${c.file}`, () => {
      const j = Journey.fromJson(new Uint8Array(readFileSync(join(base, c.file))));
      for (const [stage, want] of Object.entries(c.stage_touchpoints ?? {})) {
        assert.deepEqual(ids(j.stageTouchpoints(stage)), want, `stage ${stage}`);
      }
      for (const [persona, want] of Object.entries(c.persona_touchpoints ?? {})) {
        assert.deepEqual(ids(j.personaTouchpoints(persona)), want, `persona ${persona}`);
      }
      for (const [channel, want] of Object.entries(c.channel_touchpoints ?? {})) {
        assert.deepEqual(ids(j.channelTouchpoints(channel)), want, `channel ${channel}`);
      }
      for (const [id, want] of Object.entries(c.successors ?? {})) {
        assert.deepEqual(ids(j.successors(id)), want, `successors of ${id}`);
      }
      for (const [id, want] of Object.entries(c.predecessors ?? {})) {
        assert.deepEqual(ids(j.predecessors(id)), want, `predecessors of ${id}`);
      }
      for (const p of c.paths ?? []) {
        const got = j.path(p.from, p.to);
        assert.deepEqual(got === null ? null : ids(got), p.path, `path ${p.from} -> ${p.to}`);
        assert.equal(j.reaches(p.from, p.to), p.path !== null, `reaches ${p.from} -> ${p.to}`);
      }
    });
  }
}
