// One convention at the JavaScript boundary: options are camelCase, everywhere; data (maps, results, scoring
// models) keeps the JSON file's snake_case names. Every method taking options is found in the package's
// TypeScript declarations, so a new option with a name of two words fails here until it is tried below.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dts = readFileSync(join(root, 'journey-wasm', 'pkg', 'node', 'journey_wasm.d.ts'), 'utf8');
const map = Journey.fromJson(readFileSync(join(root, 'examples', 'data', 'electronics-retailer.json'), 'utf8'));
const csv = readFileSync(join(root, 'examples', 'data', 'electronics-events.csv'), 'utf8');
const log = EventLog.fromCsv(csv, { outcome: 'order_value' });
const steps = ['social_ad', 'product_page'];

// Types reached from options that are data, shaped like the JSON file (the scoring model of `model`).
const DATA = new Set(['ScoringModel']);

/** The keys of each interface the declarations export, with the interfaces it extends. */
function interfaces() {
  const found = new Map();
  for (const m of dts.matchAll(/^export interface (\w+)(?: extends ([\w, ]+))? \{\n([\s\S]*?)^\}/gm)) {
    const fields = [...m[3].matchAll(/^\s+(\w+)\??: (.*);$/gm)].map(([, key, type]) => ({ key, type }));
    found.set(m[1], { fields, extends: m[2] ? m[2].split(/,\s*/) : [] });
  }
  return found;
}

/** Every option key of an options type, nested option objects included (`svg.lanes.flow`), not data. */
function optionKeys(name, all, path = '') {
  const type = all.get(name);
  if (type === undefined || DATA.has(name)) return [];
  const keys = type.extends.flatMap((base) => optionKeys(base, all, path));
  for (const { key, type: fieldType } of type.fields) {
    keys.push(path + key);
    for (const inner of fieldType.match(/\b[A-Z]\w*/g) ?? []) keys.push(...optionKeys(inner, all, `${path}${key}.`));
  }
  return keys;
}

/** Each method (or function) of the declarations with the options types of its parameters. */
function methodsWithOptions() {
  const methods = [];
  for (const m of dts.matchAll(/^(?:export function |\s+(?:static )?)(\w+)\((.*)\): .*;$/gm)) {
    const types = [...m[2].matchAll(/\b(\w*Options|EventColumns)\b/g)].map((t) => t[1]);
    if (types.length > 0) methods.push({ method: m[1], types: [...new Set(types)] });
  }
  return methods;
}

const snake = (key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** A call of each method with an options object `o` given for the option named `key`. */
const progressCalls = {
  fromCsv: (o) => EventLog.fromCsv(csv, { outcome: 'order_value' }, o),
  fromFile: (o) => EventLog.fromFile(new Blob([csv]), { outcome: 'order_value' }, o),
  discover: (o) => log.discover(o),
  funnel: (o) => log.funnel(steps, o),
  stageFunnel: (o) => log.stageFunnel(map, o),
  conformance: (o) => log.conformance(map, o),
  loops: (o) => log.loops(map, o),
  attribution: (o) => log.attribution({}, o),
  attributionIntervals: (o) => log.attributionIntervals({ resamples: 5 }, o),
  journeys: (o) => log.journeys({}, o),
  sessions: (o) => log.sessions({}, o),
  timeToConvert: (o) => log.timeToConvert({}, o),
  cohorts: (o) => log.cohorts({}, o),
};
/** A call of `attributionIntervals` with the options `o` added to a small bootstrap of `model`. */
const intervalsOf = (model) => (o) => log.attributionIntervals({ model, resamples: 5, ...o });
const calls = [
  { method: 'toHtml', key: 'asOf', value: '2026-11-01', call: (o) => map.toHtml(o) },
  { method: 'reportPdf', key: 'asOf', value: '2026-11-01', call: (o) => map.reportPdf(o) },
  { method: 'toHtml', key: 'pathsAnchor', value: 'every', call: (o) => map.toHtml(o, log) },
  { method: 'reportPdf', key: 'pathsAnchor', value: 'every', call: (o) => map.reportPdf(o) },
  { method: 'gaps', key: 'asOf', value: '2026-11-01', call: (o) => map.gaps(o) },
  { method: 'prioritize', key: 'asOf', value: '2026-11-01', call: (o) => map.prioritize(o) },
  { method: 'toXlsx', key: 'asOf', value: '2026-11-01', call: (o) => map.toXlsx(o) },
  { method: 'attribution', key: 'halfLifeDays', value: 3, call: (o) => log.attribution({ model: 'time_decay', ...o }) },
  { method: 'attribution', key: 'perConversion', value: true, call: (o) => log.attribution({ model: 'linear', ...o }) },
  {
    method: 'attribution',
    key: 'lookbackDays',
    value: 30,
    call: (o) => log.attribution({ model: 'linear', perConversion: true, ...o }),
  },
  { method: 'attributionIntervals', key: 'halfLifeDays', value: 3, call: intervalsOf('time_decay') },
  { method: 'attributionIntervals', key: 'perConversion', value: true, call: intervalsOf('linear') },
  {
    method: 'attributionIntervals',
    key: 'lookbackDays',
    value: 30,
    call: (o) => intervalsOf('linear')({ perConversion: true, ...o }),
  },
  { method: 'attributionIntervals', key: 'valueWeighted', value: true, call: intervalsOf('markov') },
  { method: 'funnel', key: 'withinDays', value: 1, call: (o) => log.funnel(steps, o) },
  { method: 'journeys', key: 'lookbackDays', value: 30, call: (o) => log.journeys(o) },
  { method: 'journeys', key: 'includeConversion', value: true, call: (o) => log.journeys(o) },
  { method: 'journeys', key: 'keepAfterConversion', value: false, call: (o) => log.journeys(o) },
  { method: 'compare', key: 'minChange', value: 0.1, call: (o) => log.compare(log, o) },
  { method: 'timeToConvert', key: 'asOf', value: '2026-12-31', call: (o) => log.timeToConvert(o) },
  { method: 'attribution', key: 'valueWeighted', value: true, call: (o) => log.attribution({ model: 'markov', ...o }) },
  { method: 'sessions', key: 'timeoutMinutes', value: 45, call: (o) => log.sessions(o) },
  { method: 'sessions', key: 'useColumn', value: false, call: (o) => log.sessions(o) },
  { method: 'markovOrderSelection', key: 'maxOrder', value: 2, call: (o) => log.markovOrderSelection(o) },
  { method: 'selectDidThen', key: 'withinSeconds', value: 3600, call: (o) => log.selectDidThen('social_ad', 'payment', o) },
  ...Object.entries(progressCalls).map(([method, call]) => ({ method, key: 'onProgress', value: undefined, call })),
];

test('every option of every method is camelCase in the TypeScript declarations', () => {
  const all = interfaces();
  const methods = methodsWithOptions();
  assert.ok(methods.length >= 15, `methods with options: ${methods.map((m) => m.method)}`);
  for (const name of ['toHtml', 'toSvg', 'score', 'gaps', 'prioritize', 'diff', 'fromCsv', 'fromArrays', 'compare']) {
    assert.ok(methods.some((m) => m.method === name), `${name} is found taking options`);
  }
  const tried = new Set(calls.map((c) => `${c.method} ${c.key}`));
  for (const { method, types } of methods) {
    for (const type of types) {
      const keys = optionKeys(type, all);
      assert.ok(keys.length > 0, `${method}: ${type} has options`);
      for (const key of keys) {
        const last = key.split('.').at(-1);
        assert.doesNotMatch(last, /_/, `${method}: option ${type}.${key} is not camelCase`);
        if (/[A-Z]/.test(last)) assert.ok(tried.has(`${method} ${key}`), `${method}: option ${key} is tried below`);
      }
    }
  }
  // No options type has a snake_case key, whether a method takes it or not.
  for (const [name, { fields }] of all) {
    if (name.endsWith('Options')) for (const { key } of fields) assert.doesNotMatch(key, /_/, `${name}.${key}`);
  }
  // The HTML report's options are the binding's, not the core's (which name the date `as_of`).
  assert.deepEqual(
    optionKeys('HtmlOptions', all).filter((k) => !k.includes('.')),
    ['svg', 'model', 'asOf', 'top', 'spend', 'pathsAnchor'],
  );
});

test('each camelCase option is taken, and its snake_case spelling refused naming the key meant', async () => {
  for (const { method, key, value, call } of calls) {
    let reports = 0;
    const given = key === 'onProgress' ? () => { reports += 1; } : value;
    await call({ [key]: given });
    if (key === 'onProgress') assert.ok(reports > 0, `${method}: onProgress was called`);
    const wrong = snake(key);
    let error;
    try {
      await call({ [wrong]: given });
    } catch (e) {
      error = e;
    }
    assert.ok(error, `${method}({ ${wrong} }) is refused`);
    const e = throwsJourneyError(() => { throw error; }, 'argument');
    assert.ok(e.message.includes(wrong), `${method}: ${e.message}`);
    assert.ok(e.message.endsWith(`; did you mean \`${key}\`?`), `${method}: ${e.message}`);
  }
});

test('the option changes what it says in camelCase', () => {
  const stale = map.gaps({ asOf: '2036-01-01' }).some((g) => g.kind === 'stale_map');
  assert.ok(stale, 'a map reviewed ten years before asOf is stale');
  assert.ok(!map.gaps({ asOf: map.reviewedOn }).some((g) => g.kind === 'stale_map'));
  assert.notEqual(map.toHtml({ asOf: '2036-01-01' }), map.toHtml({ asOf: map.reviewedOn }));
  assert.notDeepEqual(
    log.attribution({ model: 'time_decay', halfLifeDays: 0.01 }),
    log.attribution({ model: 'time_decay', halfLifeDays: 1000 }),
  );
  assert.notDeepEqual(log.funnel(steps, { withinDays: 0.001 }), log.funnel(steps));
  assert.notEqual(log.journeys({ keepAfterConversion: false }).customerCount, log.journeys().customerCount);
  assert.notDeepEqual(
    log.attribution({ model: 'last_touch', perConversion: true, lookbackDays: 0.01 }),
    log.attribution({ model: 'last_touch' }),
  );
});

test('data keeps the file names: a scoring model in camelCase is refused, with the name meant', () => {
  const e = throwsJourneyError(() => map.gaps({ model: { thresholds: { dropOff: 0.5 } } }), 'argument');
  assert.match(e.message, /^options\.model\.thresholds\.dropOff: unknown field `dropOff`.*; did you mean `drop_off`\?$/);
  assert.ok(map.gaps({ model: { thresholds: { drop_off: 0.5 } } }));
  const d = throwsJourneyError(() => Journey.fromJson({ ...map.toObject(), reviewedOn: '2026-01-01' }), 'json');
  assert.match(d.message, /unknown field `reviewedOn`.*; did you mean `reviewed_on`\?$/);
});

// Each options-taking method given a value of the wrong type, or one its own checks refuse, for an option:
// the message names the option as the caller wrote it.
const wrong = [
  { method: 'toHtml', call: () => map.toHtml({ asOf: 5 }), name: 'options.asOf' },
  { method: 'toHtml', call: () => map.toHtml({ top: -1 }), name: 'options.top' },
  { method: 'toSvg', call: () => map.toSvg({ size: 'huge' }), name: 'options.size' },
  { method: 'toSvg', call: () => map.toSvg({ lanes: { flow: 'yes' } }), name: 'options.lanes.flow' },
  { method: 'score', call: () => map.score({ persona: 3 }), name: 'options.persona' },
  { method: 'gaps', call: () => map.gaps({ asOf: 'soon' }), name: 'options.asOf' },
  { method: 'prioritize', call: () => map.prioritize({ asOf: 'soon' }), name: 'options.asOf' },
  { method: 'prioritize', call: () => map.prioritize({ asOf: 'soon', log }), name: 'options.asOf' },
  { method: 'diff', call: () => wasm.diff(map, map, { model: 3 }), name: 'options.model' },
  { method: 'fromCsv', call: () => EventLog.fromCsv(csv, { ties: 'random' }), name: 'columns.ties' },
  { method: 'fromArrays', call: () => EventLog.fromArrays({ customer: [], timestamp: [], touchpoint: [] }, { ties: 3 }), name: 'options.ties' },
  { method: 'funnel', call: () => log.funnel(steps, { strict: 'no' }), name: 'options.strict' },
  { method: 'attribution', call: () => log.attribution({ collapse: 'yes' }), name: 'options.collapse' },
  { method: 'attribution', call: () => log.attribution({ model: 'time_decay', halfLifeDays: 'x' }), name: 'options.halfLifeDays' },
  {
    method: 'attribution',
    call: () => log.attribution({ model: 'time_decay', halfLifeDays: 0 }),
    name: 'options.halfLifeDays',
    message: 'options.halfLifeDays: 0 is not a number above 0',
  },
  {
    method: 'attribution',
    call: () => log.attribution({ model: 'linear', halfLifeDays: 3 }),
    name: 'options.halfLifeDays',
    message: 'options.halfLifeDays: is a parameter of time_decay, not of linear',
  },
  { method: 'attribution', call: () => log.attribution({ model: 'uplift' }), name: 'options.model' },
  { method: 'compare', call: () => log.compare(log, { minChange: 'x' }), name: 'options.minChange' },
  {
    method: 'compare',
    call: () => log.compare(log, { minChange: 2 }),
    name: 'options.minChange',
    message: 'options.minChange: 2 is not a number in 0..=1',
  },
  { method: 'compare', call: () => log.compare(log, { alpha: -1 }), name: 'options.alpha' },
  { method: 'compare', call: () => log.compare(log, { names: ['a', ' '] }), name: 'options.names[1]' },
  { method: 'compare', call: () => log.compare(log, { journey: 'map' }), name: 'options.journey' },
];

test('every message about an option names it in camelCase', () => {
  const methods = new Set(methodsWithOptions().map((m) => m.method));
  for (const { method, call, name, message } of wrong) {
    assert.ok(methods.has(method), `${method} takes options`);
    const e = throwsJourneyError(call, 'argument', `${method} ${name}`);
    assert.ok(e.message.startsWith(`${name}: `), `${method}: ${e.message}`);
    if (message) assert.equal(e.message, message);
    assert.doesNotMatch(e.message, /\b(as_of|half_life_days|min_change|on_progress)\b/, `${method}: ${e.message}`);
  }
});

test('an unknown option is refused with the camelCase keys there are', async () => {
  const unknown = [
    ['toHtml', (o) => map.toHtml(o), ['svg', 'model', 'asOf', 'top', 'spend', 'pathsAnchor']],
    ['toSvg', (o) => map.toSvg(o), ['persona', 'lanes', 'size']],
    ['score', (o) => map.score(o), ['model', 'persona']],
    ['gaps', (o) => map.gaps(o), ['model', 'asOf']],
    ['prioritize', (o) => map.prioritize(o), ['model', 'asOf', 'log']],
    ['diff', (o) => wasm.diff(map, map, o), ['model']],
    ['fromArrays', (o) => EventLog.fromArrays({ customer: [], timestamp: [], touchpoint: [] }, o), ['ties']],
    ['funnel', (o) => log.funnel(steps, o), ['strict', 'withinDays', 'onProgress', 'signal']],
    [
      'attribution',
      (o) => log.attribution(o),
      ['model', 'order', 'halfLifeDays', 'first', 'last', 'collapse', 'valueWeighted', 'perConversion', 'lookbackDays'],
    ],
    ['sessions', (o) => log.sessions(o), ['timeoutMinutes', 'useColumn']],
    ['journeys', (o) => log.journeys(o), ['lookbackDays', 'includeConversion', 'keepAfterConversion']],
    ['compare', (o) => log.compare(log, o), ['alpha', 'minChange', 'funnel', 'names', 'journey']],
    ...Object.entries(progressCalls)
      .filter(([m]) => m !== 'funnel')
      .map(([m, call]) => [m, call, ['onProgress', 'signal'], 'progress']),
  ];
  for (const [method, call, keys, object = 'options'] of unknown) {
    let error;
    try {
      await call({ bogus: 1 });
    } catch (e) {
      error = e;
    }
    assert.ok(error, `${method} refuses an unknown option`);
    const e = throwsJourneyError(() => { throw error; }, 'argument');
    const listed = e.message.includes('one of') ? e.message.split('one of ')[1] : e.message.split('expected ')[1];
    assert.ok(e.message.startsWith(`${object}.bogus: unknown field \`bogus\`, expected `), `${method}: ${e.message}`);
    assert.deepEqual([...listed.matchAll(/`(\w+)`/g)].map((m) => m[1]).sort(), [...keys].sort(), `${method}: ${e.message}`);
  }
});
