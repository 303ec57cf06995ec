// Every ```js / ```javascript block of README.md runs as written in Node: each is an ES module in a scratch
// folder where `journey-wasm` resolves to the built package (journey-wasm/pkg) and `examples` to the
// repository's, and runs with that folder as its working folder. A block that cannot run in Node is marked in
// the README by an HTML comment on the line before it, `<!-- readme-test: REASON -->`; such blocks are
// counted and reported, and the reason must name the test that runs them (the browser block is run in
// Chromium by tests/browser/readme.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { root } from './helpers.mjs';
import { readmeBlocks } from './readme.mjs';

test('every JS block of the README runs in Node, and the ones that cannot are run elsewhere', (t) => {
  const blocks = readmeBlocks();
  assert.ok(blocks.length >= 2, 'the README has its JS blocks');
  const dir = mkdtempSync(join(tmpdir(), 'journey-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'journey-wasm', 'pkg'), join(dir, 'node_modules', 'journey-wasm'));
  symlinkSync(join(root, 'examples'), join(dir, 'examples'));
  let ran = 0;
  const marked = [];
  for (const [i, { line, mark, code }] of blocks.entries()) {
    if (mark !== undefined) {
      const runner = /tests\/[\w/.-]+\.test\.mjs/.exec(mark);
      assert.ok(runner, `README.md line ${line}: the mark "${mark}" names no test that runs the block`);
      assert.ok(existsSync(join(root, runner[0])), `README.md line ${line}: ${runner[0]} does not exist`);
      marked.push(`line ${line} (${mark})`);
      continue;
    }
    const file = join(dir, `block-${i}.mjs`);
    writeFileSync(file, code);
    const done = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    assert.equal(done.status, 0, `README.md line ${line}:\n${code}\n${done.stderr}`);
    ran += 1;
  }
  t.diagnostic(`README.md: ${ran} JS blocks run in Node; ${marked.length} not run here: ${marked.join('; ')}`);
  assert.ok(ran >= 1);
  assert.equal(ran + marked.length, blocks.length);
});
