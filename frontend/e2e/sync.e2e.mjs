// Sign-in and sync end to end: the real app and the real central server on
// loopback, driven from Chromium.
import assert from 'node:assert/strict';
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
