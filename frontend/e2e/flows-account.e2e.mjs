// Account flows end to end, in Chromium against the real bindings and the
// real server binary: reactivating a portal user and the four-user limit;
// the status area when the server fails (stopped) and recovers, and when it
// refuses a change; "Forgot password?" through the e-mailed link; and
// switching accounts while changes wait (refused) and after (the previous
// account's data gone). One app and one server serve the file (a second
// server for the switch); the tests run in order, each from where the
// previous one left the company.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openApp, shot, startApp, waitUntil } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

const NEW_PASSWORD = 'a brand new passphrase for 2026';
let browser;
let server;
let app;
let owner;
let agent;
before(async () => {
  server = await startServer();
  await server.setPassword('owner@contoso.example');
  await server.setPassword('agent@northwind.example');
  owner = await server.signIn('owner@contoso.example');
  agent = await server.signIn('agent@northwind.example');
  // Contoso: Olivia (owner), Leo (seeded) and two colleagues: four active,
  // the vendor's limit.
  await server.addColleague(owner, agent, { firstName: 'Ada', lastName: 'Admin', email: 'ada@contoso.example' });
  await server.addColleague(owner, agent, { firstName: 'Bob', lastName: 'Builder', email: 'bob@contoso.example' });
  browser = await launchBrowser();
  app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await server?.stop();
});

function sql(query) {
  return execFileSync('sqlite3', [join(app.dataDir, 'portal.db'), query], { encoding: 'utf8' }).trim();
}

/** The company's users as the server has them: email → portal access. */
async function serverAccess() {
  const acc = await server.api('GET', '/v1/account', null, owner);
  return Object.fromEntries(acc.users.map((u) => [u.email, u.portalAccess]));
}

async function signIn(page, url, email, password) {
  await page.locator('nav a[href="#/account"]').click();
  await page.getByTestId('sign-in-server').fill(url);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
}

const users = (page) => page.getByTestId('portal-users');
const userRow = (page, name) => users(page).getByTestId('user-row').filter({ hasText: name });
const activeCount = (page, text) => users(page).getByTestId('users-count').filter({ hasText: new RegExp(`^${text}$`) }).waitFor();

/** Deactivates or reactivates a user as a person does: the row's button, then confirm. */
async function toggle(page, name, action) {
  await userRow(page, name).getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog', { name: `${action} portal user?` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: action }).click();
  return dialog;
}

test('reactivating a colleague; at four active users the app says why it cannot add a fifth', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await signIn(page, server.url, 'owner@contoso.example', PASSWORD);
  await page.getByTestId('account-card').waitFor();
  await activeCount(page, '4 of 4 active');
  assert.equal(await users(page).getByTestId('user-row').count(), 4);

  // Deactivate Bob: sent at once, the server agrees.
  const dialog = await toggle(page, 'Bob Builder', 'Deactivate');
  await dialog.waitFor({ state: 'detached' });
  await userRow(page, 'Bob Builder').getByTestId('user-status').filter({ hasText: /^Deactivated$/ }).waitFor();
  await activeCount(page, '3 of 4 active');
  assert.equal((await serverAccess())['bob@contoso.example'], 'deactivated');

  // The support team approves a new colleague meanwhile: four again.
  const q = await server.api('POST', '/v1/account/users/requests', { firstName: 'Cara', lastName: 'Coordinator', email: 'cara@contoso.example', productRole: 'administrator' }, owner);
  await server.api('POST', `/v1/agent/requests/${q.id}/approve`, null, agent);
  await page.getByTestId('sync-now').click();
  await userRow(page, 'Cara Coordinator').getByTestId('user-status').filter({ hasText: /^Active$/ }).waitFor();
  await activeCount(page, '4 of 4 active');

  // Reactivating Bob now would make five: the dialog says why, nothing is queued.
  const refused = await toggle(page, 'Bob Builder', 'Reactivate');
  const why = refused.getByTestId('toggle-error');
  await why.waitFor();
  assert.equal(await why.innerText(), 'Your company already has 4 of 4 active portal users. Deactivate one to make room, or use a shared mailbox or distribution list as one portal user.');
  await shot(page, 'flows-account-limit');
  assert.equal(sql("SELECT count(*) FROM outbox WHERE kind LIKE 'portaluser.%'"), '0');
  await refused.getByRole('button', { name: 'Cancel' }).click();
  await refused.waitFor({ state: 'detached' });

  // Make room, then reactivate Bob: active here and on the server.
  await toggle(page, 'Cara Coordinator', 'Deactivate');
  await userRow(page, 'Cara Coordinator').getByTestId('user-status').filter({ hasText: /^Deactivated$/ }).waitFor();
  await activeCount(page, '3 of 4 active');
  await toggle(page, 'Bob Builder', 'Reactivate');
  await userRow(page, 'Bob Builder').getByTestId('user-status').filter({ hasText: /^Active$/ }).waitFor();
  await activeCount(page, '4 of 4 active');
  assert.deepEqual(await serverAccess(), {
    'owner@contoso.example': 'active', 'learner@contoso.example': 'active', 'ada@contoso.example': 'active',
    'bob@contoso.example': 'active', 'cara@contoso.example': 'deactivated',
  });
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('the status area shows a failing server and its recovery, and a change the server refused', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await page.locator('nav a[href="#/account"]').click();
  await activeCount(page, '4 of 4 active');
  const status = page.getByTestId('status-area');
  await toggle(page, 'Ada Admin', 'Deactivate');
  await activeCount(page, '3 of 4 active');
  assert.equal((await serverAccess())['ada@contoso.example'], 'deactivated');

  // The server stops: the next sync fails, and the status area says so.
  await server.stop();
  await page.getByTestId('sync-now').click();
  await waitUntil(() => sql('SELECT last_error FROM sync_state') !== '', 'the failed sync to be recorded');
  await status.getByTestId('sync-failed').waitFor();
  await page.getByTestId('outbox-count').hover();
  await page.getByRole('tooltip').filter({ hasText: 'Last sync failed: The server could not be reached.' }).waitFor();
  await shot(page, 'flows-account-server-down');

  // Meanwhile the vendor gives Cara access again (the server's command
  // line): the company has four active users, this app still sees three.
  server.command('activate', '--email', 'cara@contoso.example');
  // Reactivating Ada passes the app's check and waits to be sent.
  await toggle(page, 'Ada Admin', 'Reactivate');
  const queued = users(page).getByTestId('queued-change').filter({ hasText: 'Reactivate Ada Admin' });
  await queued.getByText('Waiting to send').waitFor();
  await status.getByText('1 waiting to send').waitFor();

  // The server is back: the sync goes through (the failure clears) and
  // the server refuses the reactivation, which the status area and the
  // change itself show.
  await server.start();
  await page.getByTestId('sync-now').click();
  const refusal = 'Your company already has 4 of 4 active portal users. Deactivate one to make room, or use a shared mailbox or distribution list as one portal user.';
  await queued.getByText(refusal).waitFor();
  await status.getByTestId('rejected-count').filter({ hasText: /^1 change was refused$/ }).waitFor();
  await status.getByTestId('sync-failed').waitFor({ state: 'detached' });
  await page.getByTestId('outbox-count').filter({ hasText: /^Synced / }).waitFor();
  await userRow(page, 'Cara Coordinator').getByTestId('user-status').filter({ hasText: /^Active$/ }).waitFor();
  await userRow(page, 'Ada Admin').getByTestId('user-status').filter({ hasText: /^Deactivated$/ }).waitFor();
  await activeCount(page, '4 of 4 active');
  await shot(page, 'flows-account-refused');
  assert.equal((await serverAccess())['ada@contoso.example'], 'deactivated');

  // Read and dismissed: gone from the list and from the status area.
  await queued.getByRole('button', { name: 'Dismiss' }).click();
  await queued.waitFor({ state: 'detached' });
  await status.getByTestId('rejected-count').waitFor({ state: 'detached' });
  assert.equal(sql('SELECT count(*) FROM outbox'), '0');
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('"Forgot password?" e-mails a link; the new password signs in, the old one no longer does', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await page.locator('nav a[href="#/account"]').click();
  await page.getByTestId('sign-out').click();
  const form = page.getByTestId('sign-in');
  await form.waitFor();
  // The last account fills the form.
  assert.equal(await page.getByTestId('sign-in-server').inputValue(), server.url);
  assert.equal(await page.getByTestId('sign-in-email').inputValue(), 'owner@contoso.example');
  const before = server.mails().length;

  // An address without access gets the same answer, and no mail.
  await page.getByTestId('sign-in-email').fill('nobody@contoso.example');
  await form.getByRole('button', { name: 'Forgot password?' }).click();
  await form.getByText('If nobody@contoso.example has portal access, a link to choose a new password is on its way.').waitFor();
  await page.getByTestId('sign-in-email').fill('owner@contoso.example');
  await form.getByRole('button', { name: 'Forgot password?' }).click();
  await form.getByText('If owner@contoso.example has portal access, a link to choose a new password is on its way.').waitFor();
  await shot(page, 'flows-account-forgot');
  const mail = await waitUntil(() => server.mails().slice(before).find((m) => m.to === 'owner@contoso.example'), 'the reset e-mail');
  assert.deepEqual(server.mails().slice(before).map((m) => m.to), ['owner@contoso.example']);
  assert.match(mail.subject, /Reset your .* password/);

  // The link opens the server's page, where the new password is chosen.
  const link = /https?:\/\/\S+set-password\?token=\S+/.exec(mail.text)[0];
  assert.ok(link.startsWith(`${server.url}/set-password?token=`), link);
  const web = await context.newPage();
  await web.goto(link);
  await web.getByLabel('New password').fill(NEW_PASSWORD);
  await web.getByLabel('Repeat the password').fill(NEW_PASSWORD);
  await web.getByRole('button', { name: 'Set password' }).click();
  await web.getByText('Your password is set.').waitFor();
  await web.close();
  // A new password ends the sessions made with the old one.
  await assert.rejects(server.api('GET', '/v1/account', null, owner), /401.*session_ended/);
  owner = await server.signIn('owner@contoso.example', NEW_PASSWORD);

  // Back in the app: the old password is refused, the new one signs in.
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('sign-in-error').filter({ hasText: 'The e-mail address or password is not correct.' }).waitFor();
  await page.getByTestId('sign-in-password').fill(NEW_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('account-card').getByText('owner@contoso.example').waitFor();
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test("switching accounts: refused while the previous account's changes wait; afterwards its data is gone", async () => {
  const other = await startServer();
  try {
    await other.setPassword('owner@contoso.example');
    const there = await other.signIn('owner@contoso.example');
    await other.createCase(there, { subject: 'Only on the second server' });
    // On the first server: a case, solved and published as an article.
    const here = await server.createCase(owner, { subject: 'Gradebook export misses the last term' });
    await server.api('POST', `/v1/agent/cases/${here}/status`, { status: 'solved', solution: 'Choose **All terms** before exporting the gradebook.' }, agent);
    await server.api('POST', `/v1/agent/cases/${here}/publish`, {}, agent);

    const { page, context, errors } = await openApp(browser, app);
    await page.getByTestId('sync-now').click();
    await waitUntil(() => sql("SELECT count(*) FROM kb_article WHERE title = 'Gradebook export misses the last term'") === '1', 'the published article');
    await page.locator('nav a[href="#/cases"]').click();
    await page.getByTestId('case-row').filter({ hasText: 'Gradebook export misses the last term' }).waitFor();

    // Signed out, a case is written: it waits for this account.
    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in').waitFor();
    const waiting = await page.evaluate(async () => {
      const d = await window.go.app.App.SaveDraft({ id: '', subject: 'Written while signed out', categoryId: 'courses', subcategoryId: 'courses.content', description: 'It waits.', priority: 'high', followUpOf: '' });
      return (await window.go.app.App.SubmitDraft(d.id)).id;
    });
    await page.getByTestId('outbox-count').filter({ hasText: '1 waiting to send' }).waitFor();

    // Another server: refused, with the reason; nothing changes.
    await signIn(page, other.url, 'owner@contoso.example', PASSWORD);
    await page.getByTestId('sign-in-error').filter({
      hasText: '1 change of the account signed in before is still waiting to be sent. Sign in as that account first so it is sent.',
    }).waitFor();
    await shot(page, 'flows-account-switch-refused');
    assert.equal(await page.getByTestId('account-card').count(), 0);
    assert.equal(sql('SELECT count(*) FROM support_case'), '2');
    assert.equal(sql('SELECT count(*) FROM outbox'), '1');

    // The same account again sends it; then the switch goes through.
    await signIn(page, server.url, 'owner@contoso.example', NEW_PASSWORD);
    await page.getByTestId('account-card').waitFor();
    await waitUntil(() => sql('SELECT count(*) FROM outbox') === '0', 'the waiting case to be sent');
    const sent = await server.api('GET', `/v1/agent/cases/${waiting}`, null, agent);
    assert.equal(sent.subject, 'Written while signed out');
    await page.getByTestId('sign-out').click();
    await signIn(page, other.url, 'owner@contoso.example', PASSWORD);
    await page.getByTestId('account-card').getByText(other.url).waitFor();

    // Only the second server's data is here now.
    await page.locator('nav a[href="#/cases"]').click();
    await page.getByTestId('case-row').filter({ hasText: 'Only on the second server' }).waitFor();
    assert.deepEqual(await page.getByTestId('case-row').locator('td:nth-child(2)').allInnerTexts(), ['Only on the second server']);
    assert.equal(sql("SELECT count(*) FROM kb_article WHERE title = 'Gradebook export misses the last term'"), '0');
    await page.locator('nav a[href="#/knowledge"]').click();
    await page.getByTestId('kb-search').fill('gradebook export last term');
    await page.locator('[data-settled-query="gradebook export last term"]').waitFor();
    assert.equal(await page.getByTestId('kb-hit').filter({ hasText: 'Gradebook export misses the last term' }).count(), 0);
    await page.locator('nav a[href="#/account"]').click();
    // The second server's company: its two seeded users, not Ada, Bob or Cara.
    await activeCount(page, '2 of 4 active');
    assert.deepEqual((await users(page).getByTestId('user-row').locator('td:nth-child(2)').allInnerTexts()).sort(), ['learner@contoso.example', 'owner@contoso.example']);
    await shot(page, 'flows-account-switched');
    assert.deepEqual(errors.map((e) => e.stack), []);
    await context.close();
  } finally {
    await other.stop();
  }
});
