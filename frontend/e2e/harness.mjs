// Test harness: runs the real app (a `-tags dev` build whose Wails dev server
// serves the embedded SPA and carries binding calls to the real Go code over
// loopback) with its own data folder, and drives it from Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const root = resolve(import.meta.dirname, '..', '..');
export const artifacts = resolve(import.meta.dirname, 'artifacts');
mkdirSync(artifacts, { recursive: true });

export async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export function newDataDir() {
  return mkdtempSync(join(tmpdir(), 'supportportal-e2e-'));
}

/**
 * Starts the dev binary on a free loopback port (with args, as a desktop
 * or the command line would pass them); resolves when it serves.
 */
export async function startApp({ dataDir = newDataDir(), bin = join(root, 'build/bin/supportportal-dev'), env = {}, args = [] } = {}) {
  const port = await freePort();
  const addr = `127.0.0.1:${port}`;
  const proc = spawn(bin, args, {
    cwd: root, // the dev server finds frontend/dist relative to the working folder
    env: { ...process.env, devserver: addr, SUPPORTPORTAL_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  proc.stdout.on('data', (d) => (log += d));
  proc.stderr.on('data', (d) => (log += d));
  const exited = new Promise((res) => proc.on('exit', (code, signal) => res({ code, signal })));
  const url = `http://${addr}/`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null) throw new Error(`app exited early (${proc.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`app did not start serving on ${url}:\n${log}`);
    await sleep(100);
  }
  return {
    url,
    dataDir,
    proc,
    log: () => log,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const r = await Promise.race([exited, sleep(5000).then(() => null)]);
      if (!r) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
    async kill9() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Opens the app in a new page; waits for the shell to render. */
export async function openApp(browser, app, { colorScheme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const errors = [];
  // Errors thrown by our bundle fail the tests; the Wails dev server's own
  // /wails/ipc.js (not shipped in production) throws a harmless one at load.
  page.on('pageerror', (e) => {
    if (!String(e.stack).includes('/wails/ipc.js')) errors.push(e);
  });
  await page.goto(app.url);
  await page.getByRole('navigation').waitFor();
  return { page, context, errors };
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}

/**
 * WCAG contrast ratio between the text colour of the first element matching
 * selector and the background it is drawn on (the nearest ancestor with an
 * opaque background).
 */
export async function contrastOf(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const rgb = (c) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const ch = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
    };
    let bg = null;
    for (let n = el; n && !bg; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c.slice(0, 3);
    }
    bg ??= [255, 255, 255];
    const fg = rgb(getComputedStyle(el).color).slice(0, 3);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return (a + 0.05) / (b + 0.05);
  });
}

/** Polls cond (sync or async) until it returns a truthy value, which it returns; fails after ms. */
export async function waitUntil(cond, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await cond();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await sleep(100);
  }
}
