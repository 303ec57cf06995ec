// The shared error cases (tests/fixtures/errors/cases.json), which the Rust and Python tests run too: each
// bad input gives the same kind, message and location everywhere.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import test from 'node:test';
import assert from 'node:assert/strict';

import { fixtures, throwsJourneyError, wasm } from './helpers.mjs';

const { EventLog, Journey } = wasm;
const { cases } = JSON.parse(readFileSync(join(fixtures, 'errors', 'cases.json'), 'utf8'));
const LOCATION = ['path', 'line', 'column', 'row'];

function call(c) {
  switch (c.loader) {
    case 'json_text':
      return Journey.fromJson(c.text);
    case 'document':
      return Journey.fromJson(c.document);
    case 'csv_sheet':
      return Journey.fromCsvSheet(c.text, c.id, c.title);
    case 'events_csv':
      return EventLog.fromCsv(c.text);
    case 'mermaid':
      return Journey.fromMermaid(c.text);
    case 'persona_touchpoints':
      return Journey.fromJson(c.document).personaTouchpoints(c.id);
    case 'event_columns':
      return EventLog.fromArrays(c.columns);
    default:
      throw new Error(`unknown loader ${c.loader}`);
  }
}

test('the fixture has its cases', () => {
  assert.ok(cases.length >= 10);
});

for (const c of cases) {
  test(`error case: ${c.name}`, () => {
    const error = throwsJourneyError(() => call(c), c.kind, c.name);
    assert.equal(error.message, c.message);
    const location = Object.fromEntries(LOCATION.filter((f) => error[f] !== undefined).map((f) => [f, error[f]]));
    assert.deepEqual(location, c.location);
  });
}
