// Runs the real central server (build/bin/supportportal-server, built by
// `make server`) on a free loopback port over its own seeded SQLite file.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from './harness.mjs';

const bin = join(root, 'build/bin/supportportal-server');
export const PASSWORD = 'correct horse battery staple';

async function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'supportportal-server-'));
  const db = join(dir, 'server.db');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, SUPPORTPORTAL_SERVER_DB: db, SUPPORTPORTAL_SERVER_MAIL_DIR: join(dir, 'mail'), SUPPORTPORTAL_SERVER_ADDR: `127.0.0.1:${port}`, SUPPORTPORTAL_SERVER_PUBLIC_URL: url };
  const seeded = execFileSync(bin, ['seed'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // "Name <email>: …\n  set password: URL?token=T"
  const tokens = {};
  for (const m of seeded.matchAll(/<([^>]+)>[^\n]*\n\s+set password: \S+token=([A-Za-z0-9_-]+)/g)) tokens[m[1]] = m[2];
  let log = '';
  let proc;
  let exited;
  // Starts the binary over the same file and address (again, after stop).
  const run = async () => {
    proc = spawn(bin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    const p = proc;
    exited = new Promise((res) => p.on('exit', res));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (p.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await sleep(100);
    }
  };
  await run();
  const api = async (method, path, body, token) => {
    const r = await fetch(url + path, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const mailDir = join(dir, 'mail');
  return {
    url,
    log: () => log,
    api,
    /**
     * E-mails a person a new invitation (the server's invite command, as
     * the vendor runs it) and returns the e-mail as written to the mail
     * folder, with the two links in it: the browser's and the app's.
     */
    async invite(email) {
      const before = new Set(readdirSync(mailDir));
      execFileSync(bin, ['invite', '--email', email], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      const name = readdirSync(mailDir).find((n) => n.endsWith('.eml') && !before.has(n));
      if (!name) throw new Error(`no new e-mail for ${email} in ${mailDir}`);
      const text = readFileSync(join(mailDir, name), 'utf8');
      if (!text.includes(`To: ${email}\r\n`)) throw new Error(`the new e-mail is not to ${email}:\n${text}`);
      const web = text.match(/https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]+/)?.[0];
      const app = text.match(/supportportal:\/\/\S+/)?.[0];
      if (!web || !app) throw new Error(`the e-mail lacks a link:\n${text}`);
      return { text, web, app };
    },
    /** Chooses the password of a seeded person, as the e-mailed link does. */
    async setPassword(email) {
      await api('POST', '/v1/auth/set-password', { token: tokens[email], password: PASSWORD });
    },
    async signIn(email) {
      return (await api('POST', '/v1/auth/sign-in', { email, password: PASSWORD })).token;
    },
    async stop() {
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null) {
        proc.kill('SIGKILL');
        await exited;
      }
    },
    /** Starts the stopped server again, on the same address and file. */
    start: run,
  };
}
