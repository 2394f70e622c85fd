// The support team's console end to end: the real server binary over a
// seeded SQLite file, driven from Chromium. A customer creates a case
// through the API; the agent signs in to the console, replies, solves the
// case with a solution, and publishes it as a knowledge article; the
// customer API then shows the reply and the article link.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { artifacts, launchBrowser, root, shot } from './harness.mjs';

const PASSWORD = 'console e2e password 1';
let dir;
let server;
let browser;
let base;

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

async function api(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

/** The set-password token the seed printed for an address. */
function seedToken(out, email) {
  const m = out.match(new RegExp(`<${email.replace('.', '\\.')}>[^\\n]*\\n\\s*set password: \\S*[?&]token=([A-Za-z0-9_-]+)`));
  assert.ok(m, `no set-password link for ${email} in:\n${out}`);
  return m[1];
}

async function setPassword(token) {
  const r = await api('POST', '/v1/auth/set-password', { body: { token, password: PASSWORD } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supportportal-console-e2e-'));
  const bin = join(dir, 'supportportal-server');
  execFileSync('go', ['build', '-tags', 'sqlite_fts5', '-o', bin, './cmd/supportportal-server'], {
    cwd: root,
    env: { ...process.env, CGO_ENABLED: '1' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const common = ['--db', join(dir, 'server.db'), '--mail-dir', join(dir, 'mail'), '--log-level', 'warn'];
  const seedOut = execFileSync(bin, ['seed', ...common], { encoding: 'utf8' });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`, '--public-url', base, ...common], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) throw new Error(`server exited (${server.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await sleep(100);
  }
  await setPassword(seedToken(seedOut, 'agent@northwind.example'));
  await setPassword(seedToken(seedOut, 'owner@contoso.example'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((res) => server.on('exit', res));
    server.kill('SIGTERM');
    await exited;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an agent replies, solves and publishes a case from the console', { timeout: 180_000 }, async () => {
  // The customer's side: a case through the API, as the app sends it.
  const signIn = await api('POST', '/v1/auth/sign-in', { body: { email: 'owner@contoso.example', password: PASSWORD } });
  assert.equal(signIn.status, 200);
  const customer = signIn.json.token;
  const caseId = randomUUID();
  const subject = 'Learners cannot enroll <b>since Monday</b>';
  const push = await api('POST', '/v1/push', {
    token: customer,
    body: {
      mutations: [
        {
          id: randomUUID(),
          kind: 'case.create',
          payload: {
            caseId, subject, categoryId: 'courses', subcategoryId: 'courses.enrollment', priority: 'high',
            description: 'Enrolling in "Safety 101" fails with an error.\n<script>alert(1)</script>',
            attachments: [], createdAt: new Date(Date.now() - 3 * 3600_000).toISOString(),
          },
        },
      ],
    },
  });
  assert.equal(push.json.results[0].result, 'applied', JSON.stringify(push.json));

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });

  // Without a session every console page leads to the sign-in form.
  await page.goto(`${base}/console/cases/${caseId}`);
  await page.getByRole('heading', { name: 'Support Console' }).waitFor();
  await page.getByLabel('E-mail address').fill('agent@northwind.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await shot(page, 'console-sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();

  // The queue: open cases across companies, oldest waiting first.
  await page.getByRole('heading', { name: 'Cases across companies' }).waitFor();
  const row = page.getByRole('row', { name: /Learners cannot enroll/ });
  await row.waitFor();
  assert.match(await row.innerText(), /Contoso Training/);
  assert.match(await row.innerText(), /High/);
  await shot(page, 'console-queue');

  // The case: the subject's markup is text, the description's script inert.
  await row.getByRole('link').click();
  await page.getByRole('heading', { name: `Case 1: ${subject}` }).waitFor();
  assert.equal(await page.locator('.conversation script').count(), 0);
  assert.match(await page.locator('.conversation').innerText(), /<script>alert\(1\)<\/script>/);

  // Reply.
  await page.getByLabel('Your reply').fill('Thanks for the report. Please check the course enrollment settings.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await page.getByText('Your reply was sent.').waitFor();
  await page.locator('.msg.support').getByText('Please check the course enrollment settings.').waitFor();

  // Only the moves of the workflow are offered; solve with a solution.
  const offered = await page.locator('#status option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(offered, ['in_progress', 'waiting_on_customer', 'solved', 'closed']);
  await page.locator('#status').selectOption('solved');
  await page.getByLabel('Solution (Markdown)').fill('Open **Course → Settings → Enrollment** and turn on *Self-enrollment*.\n\n1. Save\n2. Ask learners to retry');
  await page.getByRole('button', { name: 'Change status' }).click();
  await page.getByText('The status was changed.').waitFor();
  assert.equal(await page.locator('#case-status').innerText(), 'Solved');
  assert.equal(await page.locator('#solution strong').innerText(), 'Course → Settings → Enrollment');
  await page.screenshot({ path: join(artifacts, 'console-case-solved.png'), fullPage: true });

  // Publish the solution as a knowledge article in one step.
  await page.getByLabel('Tags (comma-separated)').fill('enrollment, courses');
  await page.getByRole('button', { name: 'Publish as knowledge article' }).click();
  await page.getByText('The solution is published as a knowledge article.').first().waitFor();
  await page.screenshot({ path: join(artifacts, 'console-case-published.png'), fullPage: true });
  await page.getByRole('link', { name: 'Open the article' }).click();
  await page.locator('#article-preview strong').getByText('Course → Settings → Enrollment').waitFor();
  assert.equal(await page.getByLabel('Title', { exact: true }).inputValue(), subject);
  await page.screenshot({ path: join(artifacts, 'console-article.png'), fullPage: true });

  // The knowledge list and the other pages render; German on request.
  await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
  await page.getByRole('cell', { name: /Learners cannot enroll/ }).waitFor();
  await page.getByRole('link', { name: 'Counts', exact: true }).click();
  await page.getByRole('heading', { name: 'Deflections and article feedback' }).waitFor();
  await page.getByRole('link', { name: 'Requests', exact: true }).click();
  await page.locator('#requests-placeholder').waitFor();
  await page.getByRole('link', { name: 'Deutsch' }).click();
  await page.getByRole('heading', { name: 'Zugangs- und Portalbenutzer-Anfragen' }).waitFor();
  await page.goto(`${base}/console/queue?status=`);
  await page.getByRole('heading', { name: 'Fälle aller Firmen' }).waitFor();
  await page.getByRole('row', { name: /Gelöst/ }).waitFor();
  await shot(page, 'console-queue-de');
  assert.deepEqual(dialogs, [], 'no script ran');

  // The customer's app sees the reply and the article link.
  const seen = await api('GET', `/v1/cases/${caseId}`, { token: customer });
  assert.equal(seen.status, 200);
  assert.equal(seen.json.status, 'solved');
  assert.ok(seen.json.solutionArticleId, 'the case links the article');
  assert.equal(seen.json.comments.at(-1).authorKind, 'support');
  const feed = await api('GET', '/v1/kb/articles?since=0', { token: customer });
  const article = feed.json.items.find((a) => a.id === seen.json.solutionArticleId);
  assert.equal(article.fromCaseId, caseId);
  assert.deepEqual(article.tags, ['enrollment', 'courses']);
  await context.close();
});
