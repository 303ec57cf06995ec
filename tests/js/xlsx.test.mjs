// Excel workbooks: the shared cases of tests/fixtures/xlsx/cases.json (which the Rust and Python tests run
// too), and the written workbook's parts read back from its zip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

import { fixtures, readCases, throwsJourneyError, wasm } from './helpers.mjs';

const { Journey } = wasm;
const folder = join(fixtures, 'xlsx');
const cases = readCases(join(folder, 'cases.json'));
const map = cases.map;
const read = (file) => new Uint8Array(readFileSync(join(folder, file)));

test('the example workbook reads to the CSV sheet’s map', () => {
  const csv = readFileSync(join(folder, map.csv), 'utf8');
  const fromCsv = Journey.fromCsvSheet(csv, map.id, map.name).toObject();
  const bytes = read(map.file);
  assert.deepEqual(Journey.fromXlsxSheet(bytes, map.id, map.name).toObject(), fromCsv);
  assert.deepEqual(Journey.fromXlsxSheet(bytes, map.id, map.name, map.first_sheet).toObject(), fromCsv);
  assert.ok(fromCsv.touchpoints.length > 10);
});

test('a bad cell gives the CSV sheet’s message at its row', () => {
  const bytes = read(cases.bad_file);
  assert.ok(cases.bad.length >= 5);
  for (const c of cases.bad) {
    const e = throwsJourneyError(() => Journey.fromXlsxSheet(bytes, 'x', 'X', c.sheet), c.kind, c.name);
    for (const part of c.message_contains) {
      assert.ok(e.message.includes(part), `${c.name}: ${e.message} lacks ${part}`);
    }
    assert.deepEqual((e.problems ?? []).map((p) => p.path), c.problems, c.name);
    if (c.csv !== undefined) {
      const fromCsv = throwsJourneyError(() => Journey.fromCsvSheet(c.csv, 'x', 'X'), undefined, c.name);
      for (const part of c.csv_message_contains) {
        assert.ok(fromCsv.message.includes(part), `${c.name}: ${fromCsv.message} lacks ${part}`);
      }
    }
  }
});

test('what is not a workbook is refused by name', () => {
  const e = throwsJourneyError(() => Journey.fromXlsxSheet(new TextEncoder().encode('stage\n'), 'x', 'X'), 'csv');
  assert.match(e.message, /expected an Excel \.xlsx file/);
  throwsJourneyError(() => Journey.fromXlsxSheet('stage,touchpoint', 'x', 'X'), 'argument');
  throwsJourneyError(() => Journey.fromXlsxSheet(read(map.file), 'x', 'X', 'Nope'), 'csv');
});

/** The parts of a zip archive by name, inflated (read from its central directory). */
function unzip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end -= 1;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const parts = new Map();
  for (let i = 0; i < count; i += 1) {
    assert.equal(view.getUint32(at, true), 0x02014b50);
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const [nameLength, extra, comment] = [28, 30, 32].map((o) => view.getUint16(at + o, true));
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    parts.set(name, new TextDecoder().decode(method === 8 ? inflateRawSync(data) : data));
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

test('the written workbook holds the gaps and backlog the core gives', () => {
  const j = Journey.fromXlsxSheet(read(map.file), map.id, map.name);
  const options = { asOf: '2026-06-01' };
  const bytes = j.toXlsx(options);
  assert.ok(bytes instanceof Uint8Array);
  const parts = unzip(bytes);
  const workbook = parts.get('xl/workbook.xml');
  assert.deepEqual([...workbook.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]), ['Scores', 'Gaps', 'Backlog']);
  const strings = parts.get('xl/sharedStrings.xml');
  const gaps = j.gaps(options);
  const backlog = j.prioritize(options);
  assert.ok(gaps.length > 0 && backlog.length > 0);
  for (const g of gaps) assert.ok(strings.includes(xml(g.message)), `gap ${g.message} not written`);
  for (const b of backlog) assert.ok(strings.includes(xml(b.title)), `backlog ${b.title} not written`);
  for (const [n, last, rows] of [[2, 'H', gaps.length], [3, 'P', backlog.length]]) {
    const sheet = parts.get(`xl/worksheets/sheet${n}.xml`);
    assert.ok(sheet.includes(`<autoFilter ref="A1:${last}${rows + 1}"/>`), sheet.slice(0, 400));
    assert.match(sheet, /ySplit="1"[^>]*state="frozen"/);
    // The rank column holds numbers: 1..n, one per backlog line.
    if (n === 3) {
      const ranks = [...sheet.matchAll(/<c r="A(\d+)"(?![^>]*t=")[^>]*><v>([^<]+)<\/v><\/c>/g)].map((m) => Number(m[2]));
      assert.deepEqual(ranks, backlog.map((b) => b.rank));
    }
  }
  throwsJourneyError(() => j.toXlsx({ asOf: 'June' }), 'argument');
  throwsJourneyError(() => j.toXlsx({ as_of: '2026-06-01' }), 'argument');
});

test('a workbook written with a log has the estimated effects of the backlog', () => {
  // The what_if fixture's backlog lines, whose effects make_fixtures.py works out by hand.
  const dir = join(fixtures, 'what_if');
  const whatIf = readCases(join(dir, 'cases.json'));
  const j = Journey.fromJson(readFileSync(join(dir, whatIf.backlog.map), 'utf8'));
  const log = wasm.EventLog.fromCsv(readFileSync(join(dir, whatIf.events), 'utf8'), { outcome: whatIf.outcome });
  const options = { asOf: '2026-06-01' };
  const parts = unzip(j.toXlsx(options, log));
  const strings = parts.get('xl/sharedStrings.xml');
  for (const h of ['effect_conversions', 'effect_value', 'effect_priority', 'ranked_by', 'effect_basis']) {
    assert.ok(strings.includes(`>${h}<`), h);
  }
  const sheet = parts.get('xl/worksheets/sheet3.xml');
  const ranked = j.apply(log).prioritize({ ...options, log });
  assert.ok(sheet.includes(`<autoFilter ref="A1:U${ranked.length + 1}"/>`));
  // effect_conversions is column Q, effect_value R; a line's row is its rank + 1.
  const cell = (column, row) => Number(sheet.match(new RegExp(`<c r="${column}${row}"[^>]*><v>([^<]+)</v>`))[1]);
  for (const line of whatIf.backlog.lines) {
    const item = ranked.find((b) => b.id === line.id);
    assert.ok(Math.abs(cell('Q', item.rank + 1) - line.effect_conversions) < 1e-9, line.id);
    assert.ok(Math.abs(cell('R', item.rank + 1) - line.effect_value) < 1e-7, line.id);
  }
  assert.ok(!unzip(j.toXlsx(options)).get('xl/sharedStrings.xml').includes('effect_basis'));
  throwsJourneyError(() => j.toXlsx(options, 'events.csv'), 'argument');
});
