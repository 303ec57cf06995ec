#!/usr/bin/env node
// A small static file server for the web example: serves the repository root on 127.0.0.1, so that the
// page at /examples/web/ can load the WebAssembly package from /journey-wasm/pkg/web/. No dependencies.
//
//   node examples/web/serve.mjs [port]      (default 8080; 0 picks a free port)
//
// then open http://127.0.0.1:8080/examples/web/ . The page does all its work in the browser; this only
// hands out files.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The repository root: two folders up from this file. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The file a request path names under `base`, with `index.html` for folders; `undefined` if none. */
function lookup(base, pathname) {
  const file = normalize(join(base, pathname));
  if (file !== base.slice(0, -1) && !file.startsWith(base)) return undefined;
  try {
    const stat = statSync(file);
    if (stat.isFile()) return { file, size: stat.size };
    if (stat.isDirectory()) {
      const index = join(file, 'index.html');
      const s = statSync(index);
      if (s.isFile()) return { file: index, size: s.size, folder: true };
    }
  } catch {
    // Not there: a 404.
  }
  return undefined;
}

/**
 * Serves `dir` (default: the repository root) on 127.0.0.1:`port` (0: a free port). Resolves to
 * `{ url, port, close }` once listening.
 */
export function serve({ dir = root, port = 8080 } = {}) {
  const base = normalize(resolve(dir) + sep);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return;
    }
    let url;
    try {
      url = new URL(req.url, 'http://127.0.0.1');
      decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/examples/web/' }).end();
      return;
    }
    const found = lookup(base, decodeURIComponent(url.pathname));
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    // A folder without its trailing slash: redirect, so that relative links in its index.html work.
    if (found.folder && !url.pathname.endsWith('/')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': found.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolveListening({
        url: `http://127.0.0.1:${actual}`,
        port: actual,
        close: () => new Promise((done) => {
          server.closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

// Run as a program: `node examples/web/serve.mjs [port]`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const arg = process.argv[2] ?? '8080';
  const port = Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve.mjs: port "${arg}" is not a number from 0 to 65535`);
    process.exit(2);
  }
  serve({ port }).then(
    ({ url }) => console.log(`serving ${root} at ${url}/ ; open ${url}/examples/web/ (Ctrl-C stops)`),
    (e) => {
      console.error(`serve.mjs: cannot listen on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    },
  );
}
