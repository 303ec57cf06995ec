// Expectations that name their personas (tests/fixtures/persona_expectations, the same checks as
// journey-core/tests/persona_expectations.rs): the poster and the report drawn for a persona show the shared
// expectations and that persona's, drawn for every customer the shared ones and each persona's after the
// persona's name; an unknown persona or a blank expectation is a validation problem naming its path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey } = wasm;
const dir = join(fixtures, 'persona_expectations');
const want = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
const text = readFileSync(join(dir, 'map.json'), 'utf8');

const unescape = (s) =>
  s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

// The report's "Expects" lines by touchpoint id, for each touchpoint with a card.
function reportLines(html) {
  const start = html.indexOf('<section id="voice">');
  if (start < 0) return {};
  const section = html.slice(start, html.indexOf('</section>', start));
  const out = {};
  for (const card of section.split('<div class="card voice">').slice(1)) {
    const id = unescape(/<span class="id">(.*?)<\/span>/.exec(card)[1]);
    const list = /<ul class="expectations">([\s\S]*?)<\/ul>/.exec(card);
    out[id] = list ? [...list[1].matchAll(/<li>(.*?)<\/li>/g)].map((m) => unescape(m[1])) : [];
  }
  return out;
}

// The text lines of the poster's voice lane: the <text> elements of its <g class="lane voice">, in order.
function laneLines(svg) {
  const start = svg.indexOf('<g class="lane voice">');
  if (start < 0) return [];
  let depth = 0;
  let end = start;
  for (const m of svg.slice(start).matchAll(/<g\b[^>]*[^/]>|<\/g>/g)) {
    depth += m[0] === '</g>' ? -1 : 1;
    if (depth === 0) {
      end = start + m.index;
      break;
    }
  }
  const lane = svg.slice(start, end);
  return [...lane.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]));
}

const personaOf = (who) => (who === 'all' ? undefined : who);

for (const [who, view] of Object.entries(want.views)) {
  test(`the report shows the shared expectations and the persona's: ${who}`, () => {
    const j = Journey.fromJson(text);
    const lines = Object.fromEntries(Object.entries(view.report).filter(([, l]) => l.length > 0));
    const svg = personaOf(who) ? { persona: who } : {};
    assert.deepEqual(reportLines(j.toHtml({ svg, top: 0, asOf: '2026-12-01' })), lines);
  });

  test(`the poster shows the first expectations and counts the rest: ${who}`, () => {
    const j = Journey.fromJson(text);
    const lines = laneLines(j.toSvg(personaOf(who) ? { persona: who } : {}));
    const joined = lines.join(' ');
    for (const shown of view.poster.shown) assert.ok(joined.includes(shown), `${shown} in ${joined}`);
    for (const hidden of view.poster.hidden) assert.ok(!joined.includes(hidden), `${hidden} in ${joined}`);
    assert.deepEqual(lines.filter((l) => l.endsWith(' more expected')), view.poster.more);
  });
}

test('an unknown persona and a blank expectation are problems naming their paths', () => {
  const w = want.invalid;
  const doc = JSON.parse(text);
  doc.touchpoints[0].persona_expectations = w.persona_expectations;
  const e = throwsJourneyError(() => Journey.fromJson(JSON.stringify(doc)), 'invalid');
  assert.deepEqual(e.problems, w.problems);
});

test('a touchpoint reads its persona expectations as a plain object', () => {
  const j = Journey.fromJson(text);
  assert.deepEqual(j.touchpoint('checkout').persona_expectations.savvy, ['Free returns', 'Mobile wallet']);
  assert.equal(j.touchpoint('cart').expectations, undefined);
});
