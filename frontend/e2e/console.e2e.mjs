// The support team's console end to end: the real server binary over a
// seeded SQLite file (e2e/server.mjs), driven from Chromium. A customer creates a case
// through the API; the agent signs in to the console, replies, solves the
// case with a solution, and publishes it as a knowledge article; the
// customer API then shows the reply and the article link.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { artifacts, contrastOf, launchBrowser, shot } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

let server;
let browser;
let base;

async function api(method, path, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const r = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  return { status: r.status, json: text ? JSON.parse(text) : null };
}

before(async () => {
  // build/bin/supportportal-server, built by `make server` (test-e2e depends on it).
  server = await startServer();
  base = server.url;
  await server.setPassword('agent@northwind.example');
  await server.setPassword('owner@contoso.example');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
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

  // A knowledge category to file the article under.
  await page.getByRole('heading', { name: 'Cases across companies' }).waitFor();
  await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
  await page.getByLabel('Name (English)').fill('Courses');
  await page.getByLabel('Name (German)').fill('Kurse');
  await page.getByRole('button', { name: 'Add category' }).click();
  await page.getByText('The category was saved.').waitFor();
  await page.getByRole('link', { name: 'Queue', exact: true }).click();

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
  // The console follows the agent's dark setting, with readable text.
  await page.emulateMedia({ colorScheme: 'dark' });
  const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bodyBg, 'rgb(246, 247, 249)', 'the console stays light in dark mode');
  for (const sel of ['h1', '.meta', '.msg.support .body', '#case-status', '.solution', '.facts dt', '.hint', 'a', 'button']) {
    const ratio = await contrastOf(page, sel);
    assert.ok(ratio >= 4.5, `${sel}: contrast ${ratio.toFixed(2)} in dark mode`);
  }
  await page.screenshot({ path: join(artifacts, 'console-case-solved-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  for (const sel of ['h1', '.meta', '.msg.support .body', '#case-status', '.solution', '.facts dt', '.hint', 'a', 'button']) {
    const ratio = await contrastOf(page, sel);
    assert.ok(ratio >= 4.5, `${sel}: contrast ${ratio.toFixed(2)} in light mode`);
  }

  // Publish the solution as a knowledge article in one step.
  await page.getByLabel('Tags (comma-separated)').fill('enrollment, courses');
  await page.getByLabel('Category').selectOption({ label: 'Courses' });
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
  assert.match(await page.getByRole('row', { name: /Learners cannot enroll/ }).innerText(), /Courses/);
  await page.screenshot({ path: join(artifacts, 'console-knowledge.png'), fullPage: true });
  await page.getByRole('link', { name: 'Counts', exact: true }).click();
  await page.getByRole('heading', { name: 'Deflections and article feedback' }).waitFor();
  await page.getByRole('link', { name: 'Requests', exact: true }).click();
  await page.getByRole('heading', { name: 'Access and portal-user requests' }).waitFor();
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
  const cats = await api('GET', '/v1/kb/categories', { token: customer });
  assert.equal(article.categoryId, cats.json.items.find((c) => c.nameEn === 'Courses').id);
  await context.close();
});

test('an agent approves an access request from the console', { timeout: 120_000 }, async () => {
  // Someone without a login asks for access from the sign-in screen.
  const name = 'Nora <i>Newhire</i>';
  const asked = await api('POST', '/v1/access-requests', {
    body: {
      name, company: 'Contoso (typed)', email: 'nora.newhire@contoso.example', productDomain: 'lms.contoso.example',
      title: 'Training Coordinator', phone: '+1 555 0100', productRole: 'administrator',
    },
  });
  assert.equal(asked.status, 201, JSON.stringify(asked.json));

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  await page.goto(`${base}/console/requests`);
  await page.getByLabel('E-mail address').fill('agent@northwind.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Cases across companies' }).waitFor();
  await page.getByRole('link', { name: 'Requests', exact: true }).click();

  // The request is listed with what was typed; the markup in the name is text.
  const row = page.locator(`#request-${asked.json.id}`);
  await row.waitFor();
  assert.equal(await row.locator('.req-name').innerText(), name);
  assert.match(await row.innerText(), /Contoso \(typed\)/);
  assert.match(await row.innerText(), /Training Coordinator/);

  // Choose the company to file the person under and approve.
  await row.getByLabel('File under company').selectOption({ label: 'Contoso Training' });
  await page.screenshot({ path: join(artifacts, 'console-requests.png'), fullPage: true });
  await row.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('The request was approved.').waitFor();
  assert.equal(await page.locator(`#request-${asked.json.id}`).count(), 0, 'no longer pending');
  await page.screenshot({ path: join(artifacts, 'console-requests-approved.png'), fullPage: true });

  // The API agrees: approved, and the person exists in Contoso Training.
  const agent = await server.signIn('agent@northwind.example');
  const done = await api('GET', '/v1/agent/requests?status=approved', { token: agent });
  const req = done.json.items.find((r) => r.id === asked.json.id);
  assert.ok(req, JSON.stringify(done.json));
  assert.ok(req.personId, 'a person was created');

  // The audit log shows the approval.
  await page.getByRole('link', { name: 'Audit log', exact: true }).click();
  await page.getByRole('heading', { name: 'Portal-user audit log' }).waitFor();
  const entry = page.getByRole('row', { name: /User created.*Contoso Training/ }).filter({ hasText: 'Sam Support' });
  await entry.first().waitFor();
  assert.match(await entry.first().innerText(), /Nora <i>Newhire<\/i>/);
  await page.screenshot({ path: join(artifacts, 'console-audit.png'), fullPage: true });
  // In German, details are labelled in German too.
  await page.getByRole('link', { name: 'Deutsch', exact: true }).click();
  await page.getByText('E-Mail: nora.newhire@contoso.example').first().waitFor();
  await page.screenshot({ path: join(artifacts, 'console-audit-de.png'), fullPage: true });
  assert.deepEqual(dialogs, [], 'no script ran');
  await context.close();
});
