// The JS blocks of README.md, for tests/js/readme.test.mjs (which runs them in Node) and
// tests/browser/readme.test.mjs (which runs the browser one in Chromium). A block that cannot run in Node is
// marked by an HTML comment on the line before it: `<!-- readme-test: REASON -->`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `{ line, mark, code }` of each ```js / ```javascript block of `readme` (a path from the repository's root); `mark` is the reason it is not run in Node. */
export function readmeBlocks(readme = 'README.md') {
  const text = readFileSync(join(root, readme), 'utf8');
  const block = /(?:^<!-- readme-test: (?<mark>[^>]*?) -->\n)?^```(?<lang>[\w,]*)\n(?<code>.*?)^```$/gms;
  return [...text.matchAll(block)]
    .filter((m) => m.groups.lang === 'js' || m.groups.lang === 'javascript')
    .map((m) => ({ line: text.slice(0, m.index).split('\n').length, mark: m.groups.mark, code: m.groups.code }));
}
