// Pictures from JavaScript: the SVG poster, Mermaid out and in, DOT, the HTML report and the charts. The
// strings are the core's: the poster of the example equals the Rust snapshot byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, root, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey, attributionSvg, funnelSvg } = wasm;

const examplePath = join(root, 'examples', 'data', 'electronics-retailer.json');
const example = () => Journey.fromJson(readFileSync(examplePath, 'utf8'));
const eventsCsv = readFileSync(join(root, 'examples', 'data', 'electronics-events.csv'));
const allColumns = { channel: 'channel', device: 'device', session: 'session', segment: 'segment', outcome: 'order_value' };
const snapshots = join(root, 'journey-core', 'tests', 'snapshots');

/** The body of an insta snapshot file (the text after its `---` header); throws, naming it, when it is not there. */
function snapshot(name, test = 'render_svg') {
  const path = join(snapshots, `${test}__${name}.snap`);
  assert.ok(existsSync(path), `${path} is missing: no Rust snapshot to compare with`);
  const text = readFileSync(path, 'utf8');
  const match = /^---\n[\s\S]*?\n---\n/.exec(text);
  assert.ok(match, `${path} has no insta header`);
  return text.slice(match[0].length);
}

/** Counts the elements whose class attribute is exactly `name`. */
const countClass = (svg, name) => svg.split(`class="${name}"`).length - 1;

/** The text content of every <text> element, entities decoded, joined by spaces. */
function svgText(svg) {
  const decode = (s) =>
    s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => decode(m[1])).join(' ');
}

test('toSvg draws a column per stage and every touchpoint name', () => {
  const j = example();
  const svg = j.toSvg();
  assert.ok(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.equal(countClass(svg, 'stage'), j.stages().length);
  assert.equal(countClass(svg, 'card'), j.touchpointCount);
  const text = svgText(svg);
  for (const stage of j.stages()) assert.ok(text.includes(stage.name), stage.name);
  for (const t of j.touchpoints()) {
    // Long names wrap over lines: every word is on the poster.
    for (const word of t.name.split(/\s+/)) assert.ok(text.includes(word), `${word} of ${t.name}`);
  }
  assert.equal(j.toSvg({}), svg, 'an empty options object means the defaults');
  assert.equal(j.toSvg(undefined), svg);
  assert.equal(j.toSvg(null), svg);
  assert.equal(j.toSvg(), svg, 'deterministic');
});

test('the poster equals the Rust snapshot of the same map and options', () => {
  const cases = [
    ['electronics_retailer', () => example()],
    ['bike_rental', () => Journey.fromJson(readFileSync(join(fixtures, 'valid', 'bike-rental.json'), 'utf8'))],
    ['electronics_retailer_observed', () => example().apply(EventLog.fromCsv(eventsCsv, allColumns))],
  ];
  let compared = 0;
  for (const [name, make] of cases) {
    const want = snapshot(name);
    // insta compares with trailing whitespace trimmed; so does this.
    assert.equal(make().toSvg().trimEnd(), want.trimEnd(), `${name}: the poster differs from the Rust snapshot`);
    compared += 1;
  }
  assert.equal(compared, cases.length);
});

test('toSvg options: persona, lanes and size, read strictly', () => {
  const j = example();
  const all = j.toSvg();
  const traditional = j.toSvg({ persona: 'traditional' });
  assert.notEqual(traditional, all);
  const served = j.personaTouchpoints('traditional').length;
  assert.equal(countClass(traditional, 'card'), served);
  assert.ok(served < j.touchpointCount);

  const noFlow = j.toSvg({ lanes: { thoughts: false, backstage: false } });
  assert.ok(!svgText(noFlow).includes('line of visibility'));
  assert.ok(svgText(all).includes('line of visibility'));
  const a4 = j.toSvg({ size: 'a4_landscape' });
  assert.match(a4, /<svg [^>]*width="297mm" height="210mm"/);

  const e = throwsJourneyError(() => j.toSvg({ persona: 'nobody' }), 'not_found');
  assert.match(e.message, /nobody/);
  assert.match(throwsJourneyError(() => j.toSvg({ persna: 'x' }), 'argument').message, /persna/);
  assert.match(throwsJourneyError(() => j.toSvg({ lanes: { flwo: false } }), 'argument').message, /options\.lanes/);
  assert.match(throwsJourneyError(() => j.toSvg({ size: 'A5' }), 'argument').message, /options\.size/);
  throwsJourneyError(() => j.toSvg('a4_landscape'), 'argument');
  throwsJourneyError(() => j.toSvg([]), 'argument');
});

test('what customers expect and say: in toHtml and on the poster', () => {
  const j = example();
  const html = j.toHtml({ asOf: '2026-12-01' });
  assert.ok(html.includes('<li><a href="#voice">What customers expect and say</a></li>'));
  const start = html.indexOf('<section id="voice">');
  assert.ok(start > 0, 'a section on expectations and quotes');
  const section = html.slice(start, html.indexOf('</section>', start));
  assert.ok(section.includes('<li>Stock per store</li>'));
  assert.ok(section.includes('\u201cSo can I get it in Utrecht today or not?\u201d'));
  assert.ok(section.includes('usability test, qualitative, 8 customers, 2026-02-12'));
  assert.ok(section.includes('backs the pain point \u201cCatalogue prices differ from the website\u201d'));
  const text = svgText(j.toSvg());
  assert.ok(text.includes('What customers expect and say') && text.includes('Stock per store'));
  assert.ok(text.includes('\u201cSo can I get it in Utrecht today or not?\u201d'));
  const off = svgText(j.toSvg({ lanes: { voice: false } }));
  assert.ok(!off.includes('Stock per store') && !off.includes('Utrecht'));
});

test('toMermaid writes the journey grammar and fromMermaid reads it back', () => {
  const j = example();
  const text = j.toMermaid();
  const lines = text.split('\n');
  assert.equal(lines[0], 'journey');
  // Mermaid's delimiters in names are written as entity codes (`:` as `#58;`), which import reads back.
  assert.equal(lines[1], `    title ${j.name.replaceAll(':', '#58;')}`);
  const sections = lines.filter((l) => l.trim().startsWith('section ')).map((l) => l.trim().slice(8));
  assert.deepEqual(sections, j.stages().map((s) => s.name));
  assert.equal(lines.filter((l) => l.startsWith('      ')).length, j.touchpointCount);
  assert.equal(j.toMermaid(undefined), text);
  assert.equal(j.toMermaid(null), text);

  const back = Journey.fromMermaid(text, 'voltaro');
  assert.equal(back.id, 'voltaro');
  assert.equal(back.name, j.name);
  assert.deepEqual(back.stages().map((s) => s.name), j.stages().map((s) => s.name));
  assert.deepEqual(
    back.touchpoints().map((t) => [t.name, t.emotion]),
    j.touchpoints().map((t) => [t.name, Math.round((t.emotion ?? 0) + 3) - 3]),
  );
  assert.deepEqual(back.personas().map((p) => p.name), j.personas().map((p) => p.name));
  assert.equal(back.toMermaid(), text, 'a second round trip changes nothing');
  assert.equal(Journey.fromMermaid(text).id, 'journey', 'the id defaults to "journey"');

  const savvy = j.toMermaid('savvy');
  assert.ok(!savvy.includes('Shop window'));
  assert.match(throwsJourneyError(() => j.toMermaid('ghost'), 'not_found').message, /ghost/);
  throwsJourneyError(() => j.toMermaid(3), 'argument');
});

test('bad Mermaid text throws kind mermaid naming the line', () => {
  for (const [text, message] of [
    ['flowchart LR\n', /^line 1: found "flowchart LR", expected the diagram to start with `journey`/],
    ['journey\n  Make tea: 5: Me\n', /^line 2: task "Make tea: 5: Me" comes before any `section`/],
    ['journey\n  title T\n  section A\n    Tea: lots: Me\n', /^line 4: score "lots" is not a number/],
    ['journey\n section A\n  Tea: 9: Me\n', /^line 3: score 9 is outside 1\.\.=5/],
  ]) {
    const e = throwsJourneyError(() => Journey.fromMermaid(text, 'x'), 'mermaid', text);
    assert.match(e.message, message);
  }
  throwsJourneyError(() => Journey.fromMermaid('', 'x'), 'empty');
  throwsJourneyError(() => Journey.fromMermaid(42, 'x'), 'argument');
  throwsJourneyError(() => Journey.fromMermaid('journey\n', 7), 'argument');
});

test('toDot has a cluster per stage and an edge per transition', () => {
  const j = example();
  const dot = j.toDot();
  assert.ok(dot.startsWith(`digraph "${j.id}" {`));
  assert.ok(dot.endsWith('}\n'));
  assert.equal(dot.split('subgraph cluster_').length - 1, j.stages().length);
  for (const [i, stage] of j.stages().entries()) {
    assert.ok(dot.includes(`subgraph cluster_${i} {\n    label="${stage.name}";`), stage.name);
  }
  assert.equal(dot.split(' -> ').length - 1, j.transitionCount);
  for (const t of j.touchpoints()) assert.ok(dot.includes(`"${t.id}" [label=`), t.id);
  // Observed counts give edge widths.
  const observed = j.apply(EventLog.fromCsv(eventsCsv, allColumns)).toDot();
  assert.ok(observed.includes('penwidth='));
  assert.equal(j.toDot(), dot, 'deterministic');
});

test('toHtml is one self-contained page, with the funnel when given a log', () => {
  const j = example();
  const html = j.toHtml({ asOf: '2026-11-01' });
  assert.match(html, /^<!DOCTYPE html>/i);
  assert.ok(html.trimEnd().endsWith('</html>'));
  // Self-contained: no scripts, no external files.
  assert.ok(!/<script\b/i.test(html), 'no scripts');
  assert.ok(!/<link\b/i.test(html), 'no linked files');
  assert.ok(!/\b(src|href)="(?!#)/i.test(html), 'no references to other files');
  // The poster is in it, as toSvg draws it.
  const poster = j.toSvg();
  const body = poster.slice(poster.indexOf('>', poster.indexOf('<svg ')) + 1).trimEnd();
  assert.ok(html.includes(body), 'the poster is inline, as toSvg draws it');
  for (const stage of j.stages()) assert.ok(html.includes(stage.name));
  assert.ok(!html.includes('Funnel'), 'no funnel without a log');
  assert.equal(j.toHtml({ asOf: '2026-11-01' }), html, 'deterministic for a fixed date');

  const log = EventLog.fromCsv(eventsCsv, allColumns);
  const withLog = j.toHtml({ asOf: '2026-11-01' }, log);
  assert.ok(withLog.length > html.length);
  assert.ok(withLog.includes('Funnel'), 'the funnel chart');
  const funnel = log.stageFunnel(j);
  for (const step of funnel.steps) {
    assert.ok(withLog.includes(step.customers.toLocaleString('en')) || withLog.includes(String(step.customers)), step.step);
  }
  // The log is lent, not consumed: it still answers afterwards.
  assert.equal(log.length, EventLog.fromCsv(eventsCsv, allColumns).length);
  assert.deepEqual(log.stageFunnel(j), funnel);
  assert.equal(j.toHtml({ asOf: '2026-11-01' }, undefined), html);
  assert.equal(j.toHtml({ asOf: '2026-11-01' }, null), html);

  // Without asOf the map's age is measured against today.
  assert.ok(j.toHtml().includes('<html'));
  assert.ok(j.toHtml({ top: 3, svg: { persona: 'savvy' } }).includes('<html'));
  throwsJourneyError(() => j.toHtml({ svg: { persona: 'ghost' } }), 'not_found');
  // Options are camelCase: the snake_case spelling of Rust and Python is refused, with the name meant.
  const snake = throwsJourneyError(() => j.toHtml({ as_of: '2026-11-01' }), 'argument').message;
  assert.match(snake, /^options\.as_of: unknown field `as_of`, expected one of `svg`, `model`, `asOf`, `top`, `spend`, `pathsAnchor`; did you mean `asOf`\?$/);
  assert.match(throwsJourneyError(() => j.toHtml({ asOf: 'soon' }), 'argument').message, /^options\.asOf: /);
  // The scoring model is data: its fields keep the file's names.
  const lenient = j.toHtml({ asOf: '2026-11-01', model: { thresholds: { quick_win_impact: 1 } } });
  assert.notEqual(lenient, html, 'more quick wins');
  assert.match(
    throwsJourneyError(() => j.toHtml({ model: { thresholds: { quickWinImpact: 5 } } }), 'argument').message,
    /^options\.model\.thresholds\.quickWinImpact: unknown field `quickWinImpact`.*; did you mean `quick_win_impact`\?$/,
  );
  assert.match(throwsJourneyError(() => j.toHtml({}, j), 'argument').message, /^log/);
  throwsJourneyError(() => j.toHtml({}, { length: 3 }), 'argument');
  const freed = EventLog.fromCsv(eventsCsv, allColumns);
  freed.free();
  assert.match(throwsJourneyError(() => j.toHtml({}, freed), 'argument').message, /freed/);
});

test('the report equals the Rust snapshot of the same map, log and options', () => {
  const want = snapshot('electronics_retailer_report', 'render_html');
  const log = EventLog.fromCsv(eventsCsv, { outcome: 'order_value', segment: 'segment' });
  const html = example().toHtml({ asOf: '2026-12-01' }, log);
  // As the Rust test does: the poster (compared on its own above) and the time to convert chart are left out.
  let cut = html;
  for (const [cls, name] of [['poster', '[poster]'], ['time', '[time to convert chart]']]) {
    const open = `<div class="figure ${cls}">`;
    const start = cut.indexOf(open);
    const end = cut.indexOf('</svg>\n</div>', start) + '</svg>\n</div>'.length;
    assert.ok(start >= 0 && end > start, `the report has the ${cls} figure`);
    cut = `${cut.slice(0, start)}${open}${name}</div>${cut.slice(end)}`;
  }
  assert.equal(cut.trimEnd(), want.trimEnd());
});

test('funnelSvg and attributionSvg draw the analytics results', () => {
  const j = example();
  const log = EventLog.fromCsv(eventsCsv, allColumns);
  const funnel = log.stageFunnel(j);
  const chart = funnelSvg(funnel);
  assert.match(chart, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  const text = svgText(chart);
  for (const step of funnel.steps) assert.ok(text.includes(step.step), step.step);
  assert.equal(funnelSvg(funnel), chart, 'deterministic');
  const named = { ...funnel, steps: funnel.steps.map((s) => ({ ...s, step: j.stage(s.step).name })) };
  for (const stage of j.stages()) assert.ok(svgText(funnelSvg(named)).includes(stage.name));

  const markov = log.attribution();
  const a = attributionSvg(markov);
  assert.match(a, /^(<\?xml[^>]*>\n)?<svg /);
  for (const row of markov.rows.slice(0, 5)) assert.ok(svgText(a).includes(row.touchpoint), row.touchpoint);
  assert.ok(attributionSvg(log.attribution({ model: 'linear' })).includes('<svg'));

  assert.match(throwsJourneyError(() => funnelSvg({ steps: [] }), 'argument').message, /customers/);
  assert.match(throwsJourneyError(() => funnelSvg({ ...funnel, customers: -1 }), 'argument').message, /^funnel/);
  throwsJourneyError(() => funnelSvg('funnel'), 'argument');
  throwsJourneyError(() => attributionSvg(funnel), 'argument');
});
