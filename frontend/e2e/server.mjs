// Runs the real central server (build/bin/supportportal-server, built by
// `make server`) on a free loopback port over its own seeded SQLite file,
// with its mail outbox and attachment files in the same temporary folder.
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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

/** The set-password tokens in the mails written to mailDir, oldest first, per address. */
function mailTokens(mailDir) {
  const out = [];
  if (!existsSync(mailDir)) return out;
  for (const f of readdirSync(mailDir).filter((n) => n.endsWith('.eml')).sort()) {
    const text = readFileSync(join(mailDir, f), 'utf8');
    const to = /^To: (.+)$/m.exec(text)?.[1].trim();
    const subject = /^Subject: (.+)$/m.exec(text)?.[1].trim();
    const token = /set-password\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];
    if (to && token) out.push({ file: f, to, subject, token: decodeURIComponent(token), text });
  }
  return out;
}

export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'supportportal-server-'));
  const db = join(dir, 'server.db');
  const mailDir = join(dir, 'mail');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env, SUPPORTPORTAL_SERVER_DB: db, SUPPORTPORTAL_SERVER_MAIL_DIR: mailDir, SUPPORTPORTAL_SERVER_FILES_DIR: join(dir, 'files'),
    SUPPORTPORTAL_SERVER_ADDR: `127.0.0.1:${port}`, SUPPORTPORTAL_SERVER_PUBLIC_URL: url,
  };
  const seeded = execFileSync(bin, ['seed'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  // "Name <email>: …\n  set password: URL?token=T"
  const tokens = {};
  for (const m of seeded.matchAll(/<([^>]+)>[^\n]*\n\s+set password: \S+token=([A-Za-z0-9_-]+)/g)) tokens[m[1]] = m[2];

  let proc;
  let exited;
  let log = '';
  // Starts the binary over the same file and address (again, after stop).
  const run = async () => {
    proc = spawn(bin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d) => (log += d));
    proc.stderr.on('data', (d) => (log += d));
    exited = new Promise((res) => proc.on('exit', res));
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/healthz`)).ok) break;
      } catch {
        // not up yet
      }
      if (proc.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
      await sleep(100);
    }
  };
  const stop = async () => {
    if (proc.exitCode !== null) return;
    proc.kill('SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (proc.exitCode === null) {
      proc.kill('SIGKILL');
      await exited;
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
  const signIn = async (email, password = PASSWORD) => (await api('POST', '/v1/auth/sign-in', { email, password })).token;
  const server = {
    url,
    dir,
    mailDir,
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
    signIn,
    /** The set-password mails written so far (invitations and resets). */
    mails: () => mailTokens(mailDir),
    /** Runs a command of the server binary on its database (invite, deactivate, activate, ...). */
    command(...args) {
      return execFileSync(bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    },
    /**
     * A new active portal user of the owner's company, with PASSWORD: the
     * owner requests them, the agent approves, and the invitation's link
     * sets the password. Returns the person's ID.
     */
    async addColleague(ownerToken, agentToken, { firstName, lastName, email }) {
      const q = await api('POST', '/v1/account/users/requests', { firstName, lastName, email, productRole: 'administrator' }, ownerToken);
      const d = await api('POST', `/v1/agent/requests/${q.id}/approve`, null, agentToken);
      const invite = mailTokens(mailDir).filter((m) => m.to === email).at(-1);
      if (!invite) throw new Error(`no invitation was written for ${email}`);
      await api('POST', '/v1/auth/set-password', { token: invite.token, password: PASSWORD });
      return d.person.id;
    },
    /**
     * Creates a case as the customer whose token is given, as the app would:
     * the case first, then its files through the tus upload endpoint.
     * files: [{ name, bytes: Buffer, mimeType }]. Returns the case ID.
     */
    async createCase(token, { subject, description = 'Created for the test.', categoryId = 'courses', subcategoryId = 'courses.content', priority = 'medium', files = [], createdAt = new Date().toISOString() }) {
      const caseId = randomUUID();
      const attachments = files.map((f) => ({
        id: randomUUID(), name: f.name, size: f.bytes.length, sha256: createHash('sha256').update(f.bytes).digest('hex'), mimeType: f.mimeType ?? 'application/octet-stream',
      }));
      const pushed = await api('POST', '/v1/push', {
        mutations: [{ id: randomUUID(), kind: 'case.create', payload: { caseId, subject, categoryId, subcategoryId, priority, description, followUpOf: '', attachments, createdAt } }],
      }, token);
      if (pushed.results[0].result !== 'applied') throw new Error(`case not applied: ${JSON.stringify(pushed)}`);
      for (const [i, f] of files.entries()) await server.upload(token, f.bytes, f.name, attachments[i].sha256);
      return caseId;
    },
    /** Uploads a file a case of the caller's company names. */
    async upload(token, bytes, name, sum) {
      const b64 = (s) => Buffer.from(s).toString('base64');
      const headers = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
      const created = await fetch(`${url}/v1/uploads/`, {
        method: 'POST', headers: { ...headers, 'Upload-Length': String(bytes.length), 'Upload-Metadata': `sha256 ${b64(sum)},filename ${b64(name)}` },
      });
      if (created.status !== 201) throw new Error(`upload ${name}: ${created.status} ${await created.text()}`);
      const loc = new URL(created.headers.get('Location'), url).toString();
      const sent = await fetch(loc, {
        method: 'PATCH', headers: { ...headers, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: bytes,
      });
      if (sent.status !== 204) throw new Error(`upload ${name}: PATCH ${sent.status} ${await sent.text()}`);
    },
    /** Stops the server; start() starts it again on the same address and file. */
    stop,
    start: run,
  };
  return server;
}
