// Attribution models named with parameters, read by the core: unknown names, parameters of another model,
// values out of their domain and the defaults, against the shared cases of
// tests/fixtures/hostile/attribution/cases.json (also run by the Rust and Python tests). The cases name
// parameters as the core does; here they are options in camelCase (half_life_days is halfLifeDays), and
// the messages name them so (`options.halfLifeDays: ...`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog } = wasm;
const manifest = readCases(join(fixtures, 'hostile', 'attribution', 'cases.json'));

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

/**
 * A message of the cases as JavaScript says it: the options it names (`half_life_days`, `first + last`) as
 * the caller writes them (`options.halfLifeDays`, `options.first + options.last`).
 */
const named = (fragment) =>
  fragment.replace(/^([a-z_]+(?: \+ [a-z_]+)*): /, (_, names) =>
    `${names.split(' + ').map((n) => `options.${camel(n)}`).join(' + ')}: `);

/** The options of a case: its model (none when null) and its parameters in camelCase. */
function options(c) {
  const o = Object.fromEntries(Object.entries(c.params).map(([k, v]) => [camel(k), v]));
  return c.model === null ? o : { model: c.model, ...o };
}

test('the shared cases', () => {
  const log = EventLog.fromCsv(manifest.csv, { outcome: 'converted' });
  assert.ok(manifest.cases.length >= 25);
  for (const c of manifest.cases) {
    if (c.error) {
      const e = throwsJourneyError(() => log.attribution(options(c)), c.error.kind, c.name);
      for (const fragment of c.error.contains.map(named)) {
        assert.ok(e.message.startsWith(fragment), `${c.name}: "${e.message}" lacks "${fragment}"`);
      }
    } else {
      const got = log.attribution(options(c));
      assert.deepEqual(got, log.attribution(options(c.same_as)), c.name);
      assert.notDeepEqual(got, log.attribution(options(c.differs_from)), `${c.name}: the case cannot fail`);
    }
  }
});

test('an option is still read strictly before the model', () => {
  const log = EventLog.fromCsv(manifest.csv, { outcome: 'converted' });
  for (const o of [{ half_life_days: 3, model: 'time_decay' }, { model: 5 }, { order: '1' }, { order: 1.5 }]) {
    throwsJourneyError(() => log.attribution(o), 'argument', JSON.stringify(o));
  }
  assert.deepEqual(log.attribution({ model: undefined }), log.attribution());
});
