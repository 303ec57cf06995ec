// Every ```js / ```javascript block of README.md (and of journey-wasm/README.md, the npm package's) runs as
// written in Node, against the package as a user gets it: journey-wasm/pkg is packed with `npm pack`, the
// tarball installed into a scratch project (`npm install ./journey-maps-*.tgz`, offline: it has no
// dependencies), and each block is an ES module there, importing `journey-maps` by name, with `examples`
// linked to the repository's and the project as its working folder. A block that cannot run in Node is
// marked in the README by an HTML comment on the line before it, `<!-- readme-test: REASON -->`; such blocks
// are counted and reported, and the reason must name the test that runs them (the browser block is run in
// Chromium by tests/browser/readme.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { root } from './helpers.mjs';
import { readmeBlocks } from './readme.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs npm in `cwd`; fails the test with its output when it fails. */
function runNpm(args, cwd) {
  const done = spawnSync(npm, [...args, '--no-audit', '--no-fund', '--offline'], { cwd, encoding: 'utf8' });
  assert.equal(done.status, 0, `npm ${args.join(' ')}:\n${done.stdout}\n${done.stderr}`);
  return done.stdout;
}

/** A scratch project with the packed package installed by name; removed after the test. */
function installedPackage(t) {
  const dir = mkdtempSync(join(tmpdir(), 'journey-readme-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  runNpm(['pack', join(root, 'journey-wasm', 'pkg'), '--pack-destination', dir], dir);
  const tarballs = readdirSync(dir).filter((f) => /^journey-maps-.*\.tgz$/.test(f));
  assert.equal(tarballs.length, 1, `npm pack wrote ${readdirSync(dir)}`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  runNpm(['install', `./${tarballs[0]}`], dir);
  const installed = JSON.parse(readFileSync(join(dir, 'node_modules', 'journey-maps', 'package.json'), 'utf8'));
  assert.equal(installed.name, 'journey-maps');
  symlinkSync(join(root, 'examples'), join(dir, 'examples'));
  return dir;
}

test('the packed package holds both builds, their types and its README', (t) => {
  const dir = installedPackage(t);
  const installed = join(dir, 'node_modules', 'journey-maps');
  for (const file of ['README.md', 'node/journey_wasm.js', 'node/journey_wasm.d.ts', 'node/journey_wasm_bg.wasm',
    'web/journey_wasm.js', 'web/journey_wasm.d.ts', 'web/journey_wasm_bg.wasm']) {
    assert.ok(existsSync(join(installed, file)), `the package lacks ${file}`);
  }
  // Node resolves the name to the nodejs build, and `journey-maps/web` to the web build.
  const resolved = spawnSync(process.execPath, ['--input-type=module', '-e',
    "console.log(import.meta.resolve('journey-maps'), import.meta.resolve('journey-maps/web'))"],
  { cwd: dir, encoding: 'utf8' });
  assert.equal(resolved.status, 0, resolved.stderr);
  const [node, web] = resolved.stdout.trim().split(' ');
  assert.match(node, /node_modules\/journey-maps\/node\/journey_wasm\.js$/);
  assert.match(web, /node_modules\/journey-maps\/web\/journey_wasm\.js$/);
});

test('every JS block of the READMEs runs in Node by package name, and the ones that cannot are run elsewhere', (t) => {
  const blocks = [...readmeBlocks('README.md').map((b) => ({ ...b, readme: 'README.md' })),
    ...readmeBlocks('journey-wasm/README.md').map((b) => ({ ...b, readme: 'journey-wasm/README.md' }))];
  assert.ok(blocks.length >= 3, 'the READMEs have their JS blocks');
  const dir = installedPackage(t);
  let ran = 0;
  const marked = [];
  for (const [i, { readme, line, mark, code }] of blocks.entries()) {
    if (mark !== undefined) {
      const runner = /tests\/[\w/.-]+\.test\.mjs/.exec(mark);
      assert.ok(runner, `${readme} line ${line}: the mark "${mark}" names no test that runs the block`);
      assert.ok(existsSync(join(root, runner[0])), `${readme} line ${line}: ${runner[0]} does not exist`);
      marked.push(`${readme} line ${line} (${mark})`);
      continue;
    }
    const file = join(dir, `block-${i}.mjs`);
    writeFileSync(file, code);
    const done = spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    assert.equal(done.status, 0, `${readme} line ${line}:\n${code}\n${done.stderr}`);
    ran += 1;
  }
  t.diagnostic(`${ran} JS blocks run in Node; ${marked.length} not run here: ${marked.join('; ')}`);
  assert.ok(ran >= 2);
  assert.equal(ran + marked.length, blocks.length);
});
