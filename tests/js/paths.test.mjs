// Paths around a touchpoint against the shared fixture in tests/fixtures/paths/: the same checks as
// journey-core/tests/paths.rs and tests/python/test_paths.py. The results worked out by hand, options read
// strictly, the errors of bad calls, and the Sankey diagram with the map's names, its text escaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, JourneyBuilder, pathsSankeySvg } = wasm;

const dir = join(fixtures, 'paths');
const want = readCases(join(dir, 'expected.json'));
const log = EventLog.fromCsv(readFileSync(join(dir, want.events), 'utf8'), want.columns);

test('the fixture cases come out as worked out by hand', () => {
  assert.equal(want.cases.length, 3);
  for (const c of want.cases) {
    const found = log.pathsAround(c.touchpoint, c.options);
    assert.deepEqual(found, c.expected, c.name);
    const before = found.before.reduce((n, s) => n + s.customers, 0) + found.before_other.customers;
    const after = found.after.reduce((n, s) => n + s.customers, 0) + found.after_other.customers;
    assert.deepEqual([before, after], [found.visits, found.visits], c.name);
  }
});

test('options default to three steps around the first visit and are read strictly', () => {
  assert.equal(log.pathsAround('basket').steps, 3);
  assert.equal(log.pathsAround('basket').anchor, 'first');
  assert.deepEqual(log.pathsAround('basket'), log.pathsAround('basket', { steps: 3, top: 10, anchor: 'first' }));
  assert.throws(() => log.pathsAround('basket', { step: 2 }), (e) => e.kind === 'argument' && /step/.test(e.message));
  assert.throws(() => log.pathsAround('basket', 2), (e) => e.kind === 'argument');
  assert.throws(() => log.pathsAround(7), (e) => e.kind === 'argument' && /touchpoint/.test(e.message));
});

test('the fixture errors are named', () => {
  for (const c of want.errors) {
    assert.throws(() => log.pathsAround(c.touchpoint, c.options), (e) => {
      assert.equal(e.kind, c.kind);
      assert.equal(e.message, c.message);
      return true;
    });
  }
});

test('a bad anchor names the option and the allowed values', () => {
  assert.ok(want.bad_options.length > 0);
  for (const c of want.bad_options) {
    assert.throws(() => log.pathsAround(c.touchpoint, c.options), (e) => {
      assert.equal(e.kind, c.kind);
      assert.ok(e.message.startsWith('options.anchor: '), e.message);
      for (const word of c.mentions) assert.ok(e.message.includes(word), `${e.message} lacks ${word}`);
      return true;
    });
  }
});

test('the Sankey diagram of every visit counts visits', () => {
  const svg = pathsSankeySvg(log.pathsAround('basket', { steps: 2, top: 0, anchor: 'every' }));
  assert.ok(svg.includes('5 of 6 customers came to basket, 6 visits in all'), svg);
  assert.ok(svg.includes('>6 (100%)</text>') && svg.includes('site \u2192 basket: 5 visits'), svg);
});

test('the Sankey diagram names touchpoints as the map does and escapes them', () => {
  const paths = log.pathsAround('basket', { steps: 2 });
  const svg = pathsSankeySvg(paths);
  assert.ok(svg.startsWith('<?xml') && svg.includes('<title>Paths around basket</title>'));
  assert.ok(svg.includes('>left without converting</text>'));
  const b = new JourneyBuilder('shop', 'Shop', true);
  b.touchpoint({ id: 'basket', name: 'Basket <&>', stage: 'purchase', channel: 'web' });
  const j = b.build();
  const named = pathsSankeySvg(paths, j);
  assert.ok(named.includes('<title>Paths around Basket &lt;&amp;&gt;</title>') && !named.includes('<&>'));
  assert.equal(pathsSankeySvg(paths, null), svg);
  assert.throws(() => pathsSankeySvg({ ...paths, steps: 'two' }), (e) => e.kind === 'argument' && /steps/.test(e.message));
});

test('the report draws the paths around every visit when asked', () => {
  const b = new JourneyBuilder('shop', 'Shop');
  b.stage({ id: 'buy', name: 'Buy' });
  for (const id of ['email', 'ad', 'site', 'basket', 'pay']) {
    b.touchpoint({ id, name: id, stage: 'buy', channel: 'web' });
  }
  const j = b.build();
  const first = j.toHtml({ asOf: '2026-12-01' }, log);
  assert.ok(first.includes('3 events each way around their first visit.'));
  assert.equal(first, j.toHtml({ asOf: '2026-12-01', pathsAnchor: 'first' }, log));
  const every = j.toHtml({ asOf: '2026-12-01', pathsAnchor: 'every' }, log);
  assert.ok(every.includes('3 events each way around every visit.'));
  assert.ok(every.includes('5 of 6 customers came to basket, 6 visits in all'));
  const e = throwsJourneyError(() => j.toHtml({ pathsAnchor: 'all' }, log), 'argument');
  assert.ok(e.message.startsWith('options.pathsAnchor: ') && /first/.test(e.message) && /every/.test(e.message), e.message);
});
