// Sign-in and sync end to end: the real app and the real central server on
// loopback, driven from Chromium.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openApp, shot, startApp } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a case written before signing in is sent after sign-in, gets its number, and support replies arrive', async () => {
  const server = await startServer();
  const app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
  try {
    await server.setPassword('owner@contoso.example');
    await server.setPassword('agent@northwind.example');
    const { page, context, errors } = await openApp(browser, app);
    const c = await page.evaluate(async () => {
      const d = await window.go.app.App.SaveDraft({ id: '', subject: 'Course completion not recorded', categoryId: 'courses', subcategoryId: 'courses.content', description: 'SCORM completion is lost.', priority: 'high', followUpOf: '' });
      return window.go.app.App.SubmitDraft(d.id);
    });
    await page.getByTestId('outbox-count').filter({ hasText: '1 waiting to send' }).waitFor();

    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-in-server').fill(server.url);
    await page.getByTestId('sign-in-email').fill('owner@contoso.example');
    await page.getByTestId('sign-in-password').fill('not the password');
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('sign-in-error').filter({ hasText: 'The e-mail address or password is not correct.' }).waitFor();
    await shot(page, 'sign-in-error');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('account-card').getByText('owner@contoso.example').waitFor();

    // The case goes out and comes back with the server's number.
    await page.locator('nav a[href="#/cases"]').click();
    const row = page.getByTestId('case-row').filter({ hasText: 'Course completion not recorded' });
    await row.getByText('#1').waitFor();
    await row.getByText('New').waitFor();
    await page.getByTestId('outbox-count').filter({ hasText: 'Synced' }).waitFor();
    await shot(page, 'cases-synced');

    // Support answers in the console's API; Sync now brings it in.
    const agent = await server.signIn('agent@northwind.example');
    await server.api('POST', `/v1/agent/cases/${c.id}/comments`, { body: 'Which SCORM version does the course use?' }, agent);
    await server.api('POST', `/v1/agent/cases/${c.id}/status`, { status: 'waiting_on_customer' }, agent);
    await page.getByTestId('sync-now').click();
    await row.getByText('Waiting on Customer').waitFor();
    await row.getByRole('link').click();
    await page.getByTestId('comment').filter({ hasText: 'Which SCORM version' }).waitFor();
    await page.getByTestId('comment-body').fill('SCORM 1.2');
    await page.getByTestId('comment-send').click();
    // Answering hands the case back to support, here and on the server.
    await page.getByTestId('case-status').filter({ hasText: 'In Progress' }).waitFor();
    await page.getByTestId('sync-now').click();
    for (let i = 0; i < 50; i++) {
      const d = await server.api('GET', `/v1/agent/cases/${c.id}`, null, agent);
      if (d.status === 'in_progress' && d.comments.some((m) => m.body === 'SCORM 1.2')) break;
      if (i === 49) throw new Error(`server never got the answer: ${JSON.stringify(d)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await shot(page, 'case-synced-conversation');

    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    assert.equal(await page.getByTestId('sign-in-email').inputValue(), 'owner@contoso.example');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
    await server.stop();
  }
});

test('My Account lists the portal users; a new user is requested and a colleague deactivated, with the rules explained', async () => {
  const server = await startServer();
  const app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
  try {
    await server.setPassword('owner@contoso.example');
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-in-server').fill(server.url);
    await page.getByTestId('sign-in-email').fill('owner@contoso.example');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    const users = page.getByTestId('portal-users');
    await users.getByTestId('user-row').first().waitFor();
    const before = await users.getByTestId('users-count').innerText();
    assert.match(before, /^\d of 4 active$/);

    // A request that breaks a rule is explained at the field.
    await page.getByTestId('request-user').click();
    await page.getByText('Only people who are Account Owner or Administrator').waitFor();
    await page.getByText('shared mailbox or distribution list').waitFor();
    await page.getByTestId('request-first').fill('LMS');
    await page.getByTestId('request-last').fill('Admins');
    await page.getByTestId('request-email').fill('owner@contoso.example');
    await page.getByTestId('request-submit').click();
    await page.getByText('already a portal user or has been requested').waitFor();
    await shot(page, 'request-user-duplicate');
    await page.getByTestId('request-email').fill('lms-admins@contoso.example');
    await page.getByTestId('request-submit').click();
    // Sent at once when online; pending approval by the support team.
    await users.getByTestId('pending-request').filter({ hasText: 'lms-admins@contoso.example' }).waitFor({ timeout: 15_000 });

    // Deactivate a colleague, after confirming.
    const other = users.getByTestId('user-row').filter({ hasNotText: 'owner@contoso.example' }).filter({ hasText: 'Active' }).first();
    const name = (await other.locator('td').first().innerText()).trim();
    await other.getByTestId('user-toggle').click();
    await page.getByTestId('confirm-toggle').click();
    await users.getByTestId('user-row').filter({ hasText: name }).getByText('Deactivated').waitFor({ timeout: 15_000 });
    await shot(page, 'portal-users');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
    await server.stop();
  }
});

test('without a login, access is requested from the sign-in screen and its outcome shown', async () => {
  const server = await startServer();
  const app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
  try {
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-in-server').fill(server.url);
    await page.getByTestId('access-link').click();
    await page.getByTestId('access-name').fill('Dana Doe');
    await page.getByTestId('access-company').fill('Contoso Training');
    await page.getByTestId('access-email').fill('dana@contoso.example');
    await page.getByTestId('access-title').fill('L&D lead');
    await page.getByTestId('access-submit').click();
    // The phone number is required: said at the field, nothing sent.
    await page.getByTestId('access-form').getByText('This field is required.').waitFor();
    await page.getByTestId('access-phone').fill('+49 30 1234567');
    await page.getByTestId('access-submit').click();
    await page.getByTestId('access-status').getByText('Request received').waitFor();
    await shot(page, 'access-request-pending');
    // The support team approves it; the screen tells the requester.
    await server.setPassword('agent@northwind.example');
    const agent = await server.signIn('agent@northwind.example');
    const reqs = await server.api('GET', '/v1/agent/requests', null, agent);
    const r = reqs.items.find((x) => x.email === 'dana@contoso.example');
    assert.ok(r, 'the request reached the support team');
    // The agent files the person under their company (Contoso, the seeded owner's).
    await server.setPassword('owner@contoso.example');
    const me = await server.api('GET', '/v1/me', null, await server.signIn('owner@contoso.example'));
    await server.api('POST', `/v1/agent/requests/${r.id}/approve`, { companyId: me.person.companyId }, agent);
    await page.reload();
    await page.getByTestId('access-status').getByText('Access granted').waitFor({ timeout: 20_000 }).catch(async (e) => {
      await shot(page, 'debug-access');
      console.log(execFileSync('sqlite3', [join(app.dataDir, 'portal.db'), "SELECT value FROM app_state WHERE key = 'access_request'"], { encoding: 'utf8' }));
      throw e;
    });
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
    await server.stop();
  }
});
