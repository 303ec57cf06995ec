// A map's currency against the shared fixture (tests/fixtures/currency), as the Rust and Python suites
// check it: the codes it takes, the error and the validation problem for others, and outcome values written
// in it in the backlog's estimated effects, the report and the attribution chart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey, JourneyBuilder, attributionSvg } = wasm;
const dir = join(fixtures, 'currency');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

function mapAndLog() {
  const log = EventLog.fromCsv(readFileSync(join(dir, want.events), 'utf8'), { outcome: want.outcome });
  return [Journey.fromJson(readFileSync(join(dir, want.map), 'utf8')).apply(log), log];
}

test('a currency is a code or a symbol, and anything else is named', () => {
  const [j] = mapAndLog();
  assert.equal(j.currency, undefined);
  for (const ok of want.valid) assert.equal(j.withCurrency(ok).currency, ok);
  const eur = j.withCurrency('EUR');
  for (const bad of want.invalid) {
    const e = throwsJourneyError(() => eur.withCurrency(bad.currency), bad.kind);
    assert.equal(e.message, bad.message);
  }
  assert.equal(eur.currency, 'EUR');
  assert.equal(eur.withCurrency(null).currency, undefined);
  assert.equal(eur.withCurrency(undefined).currency, undefined);
  throwsJourneyError(() => eur.withCurrency(3), 'argument');
});

test('a map with a bad currency is invalid, and a good one round-trips', () => {
  const doc = JSON.parse(readFileSync(join(dir, want.map), 'utf8'));
  doc.currency = want.invalid_map.currency;
  const p = want.invalid_map.problem;
  assert.throws(
    () => Journey.fromJson(JSON.stringify(doc)),
    (e) => {
      assert.deepEqual(e.problems.map((q) => [q.kind, q.path, q.message]), [[p.kind, p.path, p.message]]);
      return true;
    },
  );
  doc.currency = 'CHF';
  const j = Journey.fromJson(JSON.stringify(doc));
  assert.equal(j.currency, 'CHF');
  assert.equal(Journey.fromJson(j.toJson()).toJson(), j.toJson());
  const b = new JourneyBuilder('m', 'M');
  b.currency('CHF');
  assert.equal(b.build().currency, 'CHF');
  const bad = new JourneyBuilder('m', 'M');
  bad.currency('pounds');
  throwsJourneyError(() => bad.build(), 'invalid');
});

test('estimated effects and the report write values in the currency', () => {
  const [map, log] = mapAndLog();
  for (const c of want.effects) {
    const j = map.withCurrency(c.currency);
    const item = j.prioritize({ log }).find((i) => i.id === c.line);
    assert.ok(item.effect.basis.includes(c.in_basis), item.effect.basis);
    assert.ok(j.toHtml({}, log).includes(c.in_report), String(c.currency));
  }
});

test('the attribution chart writes values in the currency', () => {
  const [, log] = mapAndLog();
  const a = want.attribution;
  const attribution = log.attribution({ model: a.model });
  assert.ok(attributionSvg(attribution, a.currency).includes(a.in_chart));
  assert.ok(attributionSvg(attribution).includes(a.in_chart_without));
  throwsJourneyError(() => attributionSvg(attribution, 3), 'argument');
});
