// What the browser tests share: the repository served by the web example's static server, and Debian's
// Chromium (never a downloaded browser) started with flags that keep it off the closed network.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { root, serve } from '../../examples/web/serve.mjs';

export { root };

const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Serves the repository on a free port of 127.0.0.1 for the test `t`; resolves to `{ url, close }`. */
export async function serveRepository(t) {
  const server = await serve({ dir: root, port: 0 });
  t.after(() => server.close());
  return server;
}

/** A headless Chromium with a fresh profile for the test `t`; `options` go to the browser context. */
export async function launch(t, options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'journey-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args, ...options });
  // One hook, in this order: the profile is removed only once Chromium has closed and stopped writing to it.
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  });
  return context;
}

/** The errors a page reports, as they come: uncaught exceptions, console errors and failed responses. */
export function pageErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}
