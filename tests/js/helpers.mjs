// Shared by the Node tests: the built package and the shared fixtures.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = join(root, 'tests', 'fixtures');

// The nodejs build of scripts/build-wasm.sh; a clear message when it has not been built.
const pkgPath = join(root, 'journey-wasm', 'pkg', 'node', 'journey_wasm.js');
if (!existsSync(pkgPath)) {
  throw new Error(`${pkgPath} is missing: run scripts/build-wasm.sh first`);
}
export const wasm = await import(pkgPath);

export const ERROR_KINDS = new Set([
  'json', 'csv', 'mermaid', 'encoding', 'empty', 'too_large', 'schema_version', 'invalid', 'io', 'not_found',
  'duplicate', 'argument', 'cancelled', 'partial',
]);

/** Reads a JSON cases file; throws, naming the file, when it is not there: a test never skips its input. */
export function readCases(path) {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: the shared fixtures this test reads are not there`);
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** The file's text when its bytes are valid UTF-8 (byte for byte, BOM kept), `undefined` otherwise. */
export function utf8(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

export function stem(file) {
  return basename(file, extname(file));
}

/** Calls `f`, which must throw a journey error; returns it after checking its shape. */
export function throwsJourneyError(f, kind, what = String(f)) {
  let error;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${what}: expected an error of kind ${kind}, nothing was thrown`);
  assert.ok(error instanceof Error, `expected an Error, got ${error}`);
  assert.equal(error.name, 'JourneyError', `not a JourneyError: ${error.stack}`);
  assert.ok(ERROR_KINDS.has(error.kind), `unknown kind ${error.kind}`);
  if (kind !== undefined) {
    assert.equal(error.kind, kind, `kind of: ${error.message}`);
  }
  if (error.kind === 'invalid') {
    assert.ok(Array.isArray(error.problems) && error.problems.length > 0, 'invalid without problems');
  } else {
    assert.equal(error.problems, undefined);
  }
  return error;
}

export const ids = (touchpoints) => touchpoints.map((t) => t.id);
