// The poster and the report as PDF and PNG from JavaScript, against the facts of
// tests/fixtures/pdf/expected.json: page counts and sizes, the words of the map read back out of the PDF
// (through the fonts' ToUnicode maps), the PNG's size and pixels that are not all the background. There are
// no system fonts in WebAssembly: the Chinese stage name is drawn from the font file the test passes in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;

const dir = join(fixtures, 'pdf');
const expected = readCases(join(dir, 'expected.json'));
const mapText = readFileSync(join(dir, 'map.json'), 'utf8');
const tea = () => Journey.fromJson(mapText);
const log = () => EventLog.fromCsv(readFileSync(join(dir, 'events.csv'), 'utf8'), { outcome: 'converted' });
const cjkFont = new Uint8Array(readFileSync('/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc'));
const fonts = [cjkFont];
const squeeze = (s) => s.replace(/\s+/g, '');

/** The objects of a PDF by number: the dictionary's text and the stream's bytes (inflated), if any. */
function objects(pdf) {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const all = new Map();
  for (const m of text.matchAll(/(\d+) 0 obj\n<<([\s\S]*?)>>\n(stream\n|endobj)/g)) {
    let stream = null;
    if (m[3] === 'stream\n') {
      const length = Number(/\/Length (\d+)/.exec(m[2])[1]);
      const start = m.index + m[0].length;
      stream = bytes.subarray(start, start + length);
      if (m[2].includes('/FlateDecode')) stream = inflateSync(stream);
    }
    all.set(Number(m[1]), { dict: m[2], stream });
  }
  return all;
}

/** The media boxes of the pages, in order. */
const mediaBoxes = (pdf) =>
  [...Buffer.from(pdf).toString('latin1').matchAll(/\/MediaBox \[([^\]]+)\]/g)].map((m) => m[1].split(' ').map(Number));

/** A ToUnicode CMap as a map from glyph code to text. */
function cmap(stream) {
  const text = stream.toString('latin1');
  const codes = new Map();
  const utf16 = (hex) => String.fromCharCode(...hex.match(/.{4}/g).map((h) => parseInt(h, 16)));
  for (const block of text.matchAll(/beginbfchar\n([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>/g)) codes.set(parseInt(m[1], 16), utf16(m[2]));
  }
  for (const block of text.matchAll(/beginbfrange\n([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>/g)) {
      const [lo, hi, to] = [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)];
      for (let c = lo; c <= hi; c++) codes.set(c, String.fromCharCode(to + c - lo));
    }
  }
  return codes;
}

/** The bytes of a PDF literal string (the text between its parentheses). */
function literal(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') { out.push(s.charCodeAt(i)); continue; }
    const oct = /^[0-7]{1,3}/.exec(s.slice(i + 1));
    if (oct) { out.push(parseInt(oct[0], 8)); i += oct[0].length; continue; }
    const c = s[++i];
    out.push({ n: 10, r: 13, t: 9, b: 8, f: 12 }[c] ?? c.charCodeAt(0));
  }
  return out;
}

/** The text a PDF draws, in drawing order: every two-byte glyph code of every font through its ToUnicode map. */
function pdfText(pdf) {
  const all = objects(pdf);
  let text = '';
  for (const { dict, stream } of all.values()) {
    const fontDict = /\/Font <<([\s\S]*?)>>/.exec(dict);
    if (!stream || !fontDict) continue;
    const maps = new Map();
    for (const m of fontDict[1].matchAll(/\/(\S+) (\d+) 0 R/g)) {
      const font = all.get(Number(m[2]));
      const to = font && /\/ToUnicode (\d+) 0 R/.exec(font.dict);
      if (to) maps.set(m[1], cmap(all.get(Number(to[1])).stream));
    }
    let current = null;
    const content = stream.toString('latin1');
    for (const m of content.matchAll(/\/(\S+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj/g)) {
      if (m[1]) { current = maps.get(m[1]); continue; }
      const b = literal(m[2]);
      for (let i = 0; i + 1 < b.length; i += 2) text += current?.get(b[i] * 256 + b[i + 1]) ?? '\ufffd';
    }
  }
  return squeeze(text);
}

/** Width and height from a PNG's header. */
function pngSize(png) {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

/** Whether the PNG's pixels are not all white (8-bit RGBA rows, each after a filter byte). */
function drawn(png) {
  const [width] = pngSize(png);
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const view = new DataView(png.buffer, png.byteOffset + at);
    const length = view.getUint32(0);
    if (Buffer.from(png.subarray(at + 4, at + 8)).toString('latin1') === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(chunks));
  const stride = 1 + 4 * width;
  for (let r = 0; r * stride < raw.length; r++) {
    const row = raw.subarray(r * stride, (r + 1) * stride);
    // Filter none or sub over white: 255s for the first pixel, zeros after it.
    if (row[0] > 1 || row.subarray(1, 5).some((v) => v !== 255) || row.subarray(5).some((v) => v !== 0)) return true;
  }
  return false;
}

test('posterPdf has one page of each size with the map\'s words, the Chinese one from the font given', () => {
  const j = tea();
  for (const [page, [w, h]] of Object.entries(expected.pdf_pages)) {
    const pdf = j.posterPdf({ page, fonts });
    assert.ok(pdf instanceof Uint8Array);
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-');
    const boxes = mediaBoxes(pdf);
    assert.equal(boxes.length, 1, page);
    assert.ok(Math.abs(boxes[0][2] - w) < 0.01 && Math.abs(boxes[0][3] - h) < 0.01, `${page}: ${boxes[0]}`);
    const text = pdfText(pdf);
    for (const word of expected.words) assert.ok(text.includes(squeeze(word)), `${page}: ${word} not in ${text}`);
  }
});

/** Asserts that each of the words is in the text after the one before it. */
function inOrder(text, words) {
  let at = 0;
  for (const word of words) {
    const found = text.indexOf(squeeze(word), at);
    assert.ok(found >= 0, `${word} not after the words before it in ${text.slice(at)}`);
    at = found + squeeze(word).length;
  }
}

test('reportPdf has the report\'s text, tables and charts in order, on numbered pages', () => {
  const j = tea();
  const pdf = j.reportPdf({ page: 'a4', fonts }, log());
  const boxes = mediaBoxes(pdf);
  assert.equal(boxes.length, expected.report_pages);
  const [w, h] = expected.pdf_pages.a4;
  assert.ok(boxes.every((b) => Math.abs(b[2] - w) < 0.01 && Math.abs(b[3] - h) < 0.01));
  const text = pdfText(pdf);
  for (const word of [...expected.words, ...expected.report_titles, ...expected.report_words]) {
    assert.ok(text.includes(squeeze(word)), `${word} not in ${text}`);
  }
  inOrder(text, expected.report_order);
  inOrder(text, boxes.map((_, i) => `Page ${i + 1} of ${boxes.length}`));
  const alone = j.reportPdf({ page: 'a3_landscape', fonts });
  assert.equal(mediaBoxes(alone).length, expected.report_pages_without_log);
  assert.ok(pdfText(alone).includes('Backlog') && !pdfText(alone).includes('Observedjourney'));
});

test('posterPng has the page\'s pixels at the dpi and a drawing', () => {
  const j = tea();
  for (const c of expected.png_pages) {
    const png = j.posterPng({ page: c.page, dpi: c.dpi, fonts });
    assert.deepEqual(pngSize(png), c.size, `${c.page}@${c.dpi}`);
    assert.ok(drawn(png));
  }
  const svg = j.toSvg();
  const [width, height] = [/ width="([\d.]+)"/, / height="([\d.]+)"/].map((r) => Number(r.exec(svg)[1]));
  const dpi = expected.screen_dpi;
  assert.deepEqual(pngSize(j.posterPng({ dpi, fonts })), [Math.round((width * dpi) / 96), Math.round((height * dpi) / 96)]);
  const [box] = mediaBoxes(j.posterPdf({ fonts }));
  assert.ok(Math.abs(box[2] - width * 0.75) < 0.01 && Math.abs(box[3] - height * 0.75) < 0.01);
});

test('without a font for the Chinese name, bad pages, fonts and dpi: clear errors', () => {
  const j = tea();
  // No system fonts here: the bundled Liberation Sans has no Chinese glyphs.
  const cases = [
    [() => j.posterPdf(), 'argument', /^fonts: no font has a glyph for 茶 \(U\+8336\), 馆 \(U\+9986\)/],
    [() => j.posterPng({ page: expected.bad_page, fonts }), 'argument', /unknown page size "a5"/],
    [() => j.posterPdf({ fonts: [new Uint8Array([1, 2, 3])] }), 'argument', /^fonts\[0\]: 3 bytes that are not a TrueType/],
    [() => j.posterPdf({ fonts: 'x' }), 'argument', /^options\.fonts: /],
    [() => j.posterPdf({ fonts: [1] }), 'argument', /^options\.fonts\[0\]: /],
    [() => j.posterPdf({ fonts, pgae: 'a4' }), 'argument', /^options\.pgae: unknown field/],
    [() => j.posterPng({ fonts, dpi: 0 }), 'argument', /^dpi: /],
    [() => j.posterPng({ fonts, page: '5000x5000', dpi: 2400 }), 'too_large', /^the PNG's width: /],
  ];
  for (const [f, kind, message] of cases) assert.match(throwsJourneyError(f, kind).message, message);
  const odd = Journey.fromJson(mapText.replace('Stamp card', `Stamp card ${expected.missing_glyph}`));
  assert.ok(throwsJourneyError(() => odd.reportPdf({ fonts }), 'argument').message.startsWith(expected.missing_glyph_message_start));
});
