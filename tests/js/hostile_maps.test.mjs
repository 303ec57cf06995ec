// Hostile map inputs (tests/fixtures/hostile/maps/cases.json, run by Rust and Python too) and the argument
// sweep: every public function given the wrong class, a freed object, wrong types, negative numbers or lone
// surrogates throws a JourneyError with a kind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ERROR_KINDS, fixtures, root, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey, JourneyBuilder, EventLog, diff } = wasm;
const dir = join(fixtures, 'hostile', 'maps');
const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/;
const bytes = (file) => new Uint8Array(readFileSync(join(dir, file)));
const exampleText = readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json'), 'utf8');
const eventsText = readFileSync(join(fixtures, 'events', 'small.csv'), 'utf8');

function load(c) {
  switch (c.loader) {
    case 'json':
      return Journey.fromJson(bytes(c.file));
    case 'json_text':
      return Journey.fromJson(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes(c.file)));
    case 'csv_sheet':
      return Journey.fromCsvSheet(bytes(c.file), c.file.replace(/\.csv$/, ''), 'Sheet');
    default:
      throw new Error(c.loader);
  }
}

for (const c of cases.load_errors) {
  test(`load error: ${c.name}`, () => {
    const e = throwsJourneyError(() => load(c), c.kind);
    for (const part of c.message_contains) assert.ok(e.message.includes(part), `${e.message} lacks ${part}`);
    assert.ok(!HIDDEN.test(e.message), JSON.stringify(e.message));
    for (const p of e.problems ?? []) assert.ok(!HIDDEN.test(p.message) && !HIDDEN.test(p.path));
  });
}

test('a UTF-8 byte order mark is skipped', () => {
  for (const c of cases.valid) assert.equal(load(c).id, c.id);
  assert.equal(Journey.fromMermaid('\ufeffjourney\n section A\n  Tea: 5: Me\n').touchpointCount, 1);
});

test('scoring models whose sums overflow are rejected', () => {
  const j = load(cases.valid[0]);
  for (const c of cases.models) {
    const e = throwsJourneyError(() => j.score({ model: c.model }), c.kind);
    for (const part of c.message_contains) assert.ok(e.message.includes(part), `${c.name}: ${e.message}`);
  }
});

test('Mermaid export cannot be hijacked by names; DOT keeps every string quoted', () => {
  for (const c of cases.mermaid_round_trips) {
    const j = Journey.fromJson(bytes(c.file));
    const text = j.toMermaid();
    assert.ok(!HIDDEN.test(text.replaceAll('\n', '')));
    const lines = text.split('\n').slice(0, -1);
    assert.equal(lines[0], 'journey');
    assert.ok(lines[1].startsWith('    title '));
    assert.equal(lines.filter((l) => l.startsWith('    section ')).length, c.stages);
    assert.equal(lines.filter((l) => l.startsWith('      ')).length, c.touchpoints);
    const back = Journey.fromMermaid(text, 'back');
    assert.equal(back.name, c.title);
    assert.deepEqual(back.stages().map((s) => s.name), j.stages().map((s) => s.name));
    assert.deepEqual(back.touchpoints().map((t) => t.name), j.touchpoints().map((t) => t.name));
    assert.deepEqual(back.personas().map((p) => p.name), j.personas().map((p) => p.name));
    assert.equal(back.toMermaid(), text);
    const dot = j.toDot();
    assert.ok(!HIDDEN.test(dot.replaceAll('\n', '')));
    let inString = false;
    for (let i = 0; i < dot.length; i++) {
      if (inString && dot[i] === '\\') i++;
      else if (dot[i] === '"') inString = !inString;
      else if (inString) assert.notEqual(dot[i], '\n');
    }
    assert.ok(!inString);
  }
});

test('conformance goes through the map only', () => {
  for (const c of cases.conformance) {
    const fit = EventLog.fromCsv(bytes(c.events)).conformance(Journey.fromJson(bytes(c.map)));
    assert.equal(fit.customers, c.customers, c.name);
    assert.equal(fit.fully_conforming, c.fully_conforming, c.name);
    assert.ok(Math.abs(fit.fitness - c.fitness) < 1e-12, `${c.name}: ${fit.fitness}`);
    assert.deepEqual(fit.unknown_touchpoints, c.unknown_touchpoints, c.name);
  }
});

// --- The argument sweep ----------------------------------------------------------------------------------

test('wrong classes, freed objects and lone surrogates are journey errors of a kind', () => {
  const j = Journey.fromJson(exampleText);
  const log = EventLog.fromCsv(eventsText, { outcome: 'converted' });
  assert.match(throwsJourneyError(() => log.conformance(log), 'argument').message, /^EventLog\.conformance: expected instance of Journey, found an instance of EventLog/);
  throwsJourneyError(() => log.stageFunnel({}), 'argument');
  throwsJourneyError(() => log.compare(j), 'argument');
  throwsJourneyError(() => diff(j, log), 'argument');
  throwsJourneyError(() => j.equals(log), 'argument');
  const freed = Journey.fromJson(exampleText);
  freed.free();
  assert.match(throwsJourneyError(() => freed.score(), 'argument').message, /^Journey\.score: this Journey was freed/);
  throwsJourneyError(() => freed.touchpointCount, 'argument');
  throwsJourneyError(() => freed.toMermaid(), 'argument');
  assert.match(throwsJourneyError(() => log.conformance(freed), 'argument').message, /freed/);
  throwsJourneyError(() => diff(j, freed), 'argument');
  const freedLog = EventLog.fromCsv(eventsText);
  freedLog.free();
  throwsJourneyError(() => freedLog.discover(), 'argument');
  throwsJourneyError(() => log.compare(freedLog), 'argument');
  // Negative and huge numbers in options.
  throwsJourneyError(() => log.attribution({ model: 'markov', order: -1 }), 'argument');
  throwsJourneyError(() => log.attribution({ model: 'markov', order: 2 ** 70 }), 'argument');
  throwsJourneyError(() => log.attribution({ model: 'markov', order: '1' }), 'argument');
  // A lone surrogate would be replaced by U+FFFD on the way in: it is an encoding error naming the argument.
  const e = throwsJourneyError(() => Journey.fromMermaid('journey\n section A\n  T\ud800: 5: Me\n'), 'encoding');
  assert.match(e.message, /^text: the text has a lone surrogate at character 22/);
  throwsJourneyError(() => Journey.fromMermaid('journey', 'a\udfffb'), 'encoding');
  throwsJourneyError(() => j.touchpoint('\ud800'), 'encoding');
  throwsJourneyError(() => Journey.fromJson('{"id": "\ud800"}'), 'encoding');
  throwsJourneyError(() => EventLog.fromCsv('customer_id\n\ud800'), 'encoding');
  throwsJourneyError(() => log.filterSegment('\udc80'), 'encoding');
});

// Every method of every class and every function, called with values of the wrong kind: whatever it throws
// is a JourneyError with a kind (a call may also succeed, where the value is a valid one).
const WRONG = [undefined, null, -1, 2 ** 80, NaN, '\ud800', {}, [], () => 1, Symbol('s'), 10n];

test('every public call throws only journey errors for wrong arguments', () => {
  const j = Journey.fromJson(exampleText);
  const log = EventLog.fromCsv(eventsText, { outcome: 'converted' });
  const targets = [
    ['Journey', Journey, () => Journey.fromJson(exampleText)],
    ['EventLog', EventLog, () => EventLog.fromCsv(eventsText, { outcome: 'converted' })],
    ['JourneyBuilder', JourneyBuilder, () => new JourneyBuilder('b', 'B')],
  ];
  let checked = 0;
  const call = (where, f) => {
    try {
      const result = f();
      if (result instanceof Promise) result.catch(() => {});
    } catch (e) {
      assert.ok(e instanceof Error, `${where} threw ${String(e)}`);
      assert.equal(e.name, 'JourneyError', `${where}: ${e.stack}`);
      assert.ok(ERROR_KINDS.has(e.kind), `${where}: kind ${e.kind}`);
      assert.ok(!HIDDEN.test(e.message), `${where}: ${JSON.stringify(e.message)}`);
      checked++;
    }
  };
  for (const [name, cls, make] of targets) {
    for (const key of Object.getOwnPropertyNames(cls.prototype)) {
      const d = Object.getOwnPropertyDescriptor(cls.prototype, key);
      if (key === 'constructor' || key.startsWith('__') || key === 'free' || typeof d.value !== 'function') continue;
      for (const bad of WRONG) {
        const instance = make();
        call(`${name}.${key}(${String(bad)})`, () => instance[key](bad, bad, bad));
        call(`${name}.${key} on a freed object`, () => { instance.free(); return instance[key](bad); });
      }
    }
    for (const key of Object.getOwnPropertyNames(cls)) {
      if (typeof cls[key] !== 'function' || ['length', 'name', 'prototype'].includes(key) || key.startsWith('__')) continue;
      for (const bad of WRONG) call(`${name}.${key}(${String(bad)})`, () => cls[key](bad, bad, bad));
    }
  }
  for (const bad of WRONG) {
    call(`diff(${String(bad)})`, () => diff(bad, j));
    call(`new JourneyBuilder(${String(bad)})`, () => new JourneyBuilder(bad, bad, bad));
    call(`funnelSvg(${String(bad)})`, () => wasm.funnelSvg(bad));
    call(`attributionSvg(${String(bad)})`, () => wasm.attributionSvg(bad));
  }
  void log;
  assert.ok(checked > 200, `${checked} calls threw`);
});

test('a list of problems is cut at its limit and counts the rest', () => {
  // 10,005 unknown "next" items, a problem each: five more than are listed.
  const text = readFileSync(join(dir, 'too_many_problems.csv'), 'utf8');
  const e = throwsJourneyError(() => Journey.fromCsvSheet(text, 'x', 'X'), 'invalid');
  assert.equal(e.problems.length, 10_001);
  assert.equal(e.problems.at(-1).kind, 'too_many_problems');
  assert.equal(e.problems.at(-1).message, '5 more problems are not listed: at most 10000 are');
  assert.ok(e.message.startsWith('more than 10000 problems: '));
  assert.ok(e.message.endsWith('; and 9980 more; 5 more problems are not listed: at most 10000 are'));
});

test('a lone surrogate in an event array is an encoding error naming the row, not a silent U+FFFD', () => {
  const arrays = (customer, segment) => ({
    customer: ['a', customer],
    timestamp: [1000, 2000],
    touchpoint: ['ad', 'site'],
    segment,
  });
  let e = throwsJourneyError(() => EventLog.fromArrays(arrays('b\ud800')), 'encoding');
  assert.match(e.message, /^arrays\.customer\[1\]: the text has a lone surrogate at character 1/);
  e = throwsJourneyError(() => EventLog.fromArrays(arrays('b', [null, 'x\udc00'])), 'encoding');
  assert.match(e.message, /^arrays\.segment\[1\]: /);
  assert.equal(EventLog.fromArrays(arrays('b', [null, 'x'])).customerCount, 2);
});
