// Customer satisfaction end to end: the real app and the real central
// server on loopback, driven from Chromium. Support solves a case; the
// customer, offline (the server is down), answers "Did this solve your
// problem?" with "not satisfied" and a comment; the rating waits, goes out
// when the server is back, and the support console shows it on the case,
// flags the case in the queue and counts it. Screenshots of the rating in
// both themes and languages go to e2e/artifacts; axe checks the panel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, openApp, shot, startApp } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

const go = (page, method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args]);

async function goOffline(page) {
  await page.evaluate(() => {
    Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false, configurable: true });
    window.dispatchEvent(new Event('offline'));
  });
}

async function setLook(page, language, theme) {
  await go(page, 'UpdateSettings', { language, theme });
  await page.reload();
  await page.getByRole('navigation').waitFor();
  await page.waitForFunction(([l, th]) => document.documentElement.lang === l && document.documentElement.getAttribute('data-mantine-color-scheme') === th, [language, theme]);
}

/** Serious and critical axe violations inside the rating panel. */
async function violations(page, where) {
  const r = await new AxeBuilder({ page }).include('[data-testid="rating-panel"]').withTags(TAGS).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

test('a not-satisfied rating given offline syncs, and the console shows it and flags the case', { timeout: 240_000 }, async () => {
  const server = await startServer();
  const app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
  const browser = await launchBrowser();
  try {
    await server.setPassword('owner@contoso.example');
    await server.setPassword('agent@northwind.example');
    const { page, context, errors } = await openApp(browser, app);

    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-in-server').fill(server.url);
    await page.getByTestId('sign-in-email').fill('owner@contoso.example');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('account-card').getByText('owner@contoso.example').waitFor();

    const draft = await go(page, 'SaveDraft', {
      id: '', subject: 'Certificates are not issued', categoryId: 'courses', subcategoryId: 'courses.certificates',
      description: 'Learners who pass the final test get no certificate.', priority: 'high', followUpOf: '',
    });
    const c = await go(page, 'SubmitDraft', draft.id);
    await page.locator('nav a[href="#/cases"]').click();
    const row = page.getByTestId('case-row').filter({ hasText: 'Certificates are not issued' });
    await row.getByText('#1').waitFor({ timeout: 20_000 });

    // Support solves it; the app hears of it with the next sync.
    const agent = await server.signIn('agent@northwind.example');
    await server.api('POST', `/v1/agent/cases/${c.id}/status`, { status: 'solved', solution: 'Turn on **Issue certificates** in the course settings.' }, agent);
    await page.getByTestId('sync-now').click();
    await row.getByText('Solved').waitFor();
    await row.getByRole('link').click();
    const panel = page.getByTestId('rating-panel');
    await panel.getByRole('radiogroup', { name: 'Did this solve your problem?' }).waitFor();
    await shot(page, 'csat-question-en-light');

    // Offline: the server is down and the OS says so.
    await server.stop();
    await goOffline(page);
    await page.getByTestId('online-badge').filter({ hasText: 'Offline' }).waitFor();
    await panel.getByRole('radio', { name: 'No, my problem is not solved' }).click();
    await panel.getByTestId('rating-comment').fill('Only half of the learners got one.\nThe others still see nothing.');
    await shot(page, 'csat-question-filled-en-light');
    await panel.getByTestId('rating-send').click();
    await panel.getByTestId('rating-given').filter({ hasText: 'Did not solve my problem' }).waitFor();
    await panel.getByTestId('rating-pending').filter({ hasText: 'Waiting to send' }).waitFor();
    await page.getByTestId('outbox-count').filter({ hasText: '1 waiting to send' }).waitFor();
    assert.equal(await panel.getByTestId('rating-comment-text').innerText(), 'Only half of the learners got one.\nThe others still see nothing.');
    await shot(page, 'csat-pending-en-light');

    // Back online: it goes out once and comes back with the rater's name.
    await server.start();
    await page.evaluate(() => {
      Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true, configurable: true });
      window.dispatchEvent(new Event('online'));
    });
    await page.getByTestId('sync-now').click();
    await page.getByTestId('outbox-count').filter({ hasText: 'Synced' }).waitFor({ timeout: 20_000 });
    await panel.getByRole('heading', { name: 'Rating by Olivia Owner' }).waitFor();
    assert.equal(await panel.getByTestId('rating-pending').count(), 0);
    const onServer = await server.api('GET', `/v1/agent/cases/${c.id}`, null, agent);
    assert.equal(onServer.status, 'solved');
    assert.deepEqual(
      { rating: onServer.satisfaction?.rating, comment: onServer.satisfaction?.comment, by: onServer.satisfaction?.ratedByName },
      { rating: 'not_satisfied', comment: 'Only half of the learners got one.\nThe others still see nothing.', by: 'Olivia Owner' },
    );

    // The rating in both themes and languages, given and being changed.
    const found = [];
    for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['de', 'light'], ['de', 'dark']]) {
      await setLook(page, language, theme);
      await page.evaluate((h) => (location.hash = h), `#/cases/${c.id}`);
      await panel.getByTestId('rating-given').waitFor();
      await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root'));
      await shot(page, `csat-given-${language}-${theme}`);
      found.push(...(await violations(page, `given [${language}, ${theme}]`)));
      await panel.getByTestId('rating-change').click();
      await panel.getByRole('radiogroup').waitFor();
      await shot(page, `csat-change-${language}-${theme}`);
      found.push(...(await violations(page, `changing [${language}, ${theme}]`)));
      await panel.getByTestId('rating-cancel').click();
    }
    assert.deepEqual(found, []);
    await setLook(page, 'en', 'light');

    // The support console: the flag in the queue, the rating on the case,
    // the counts.
    const con = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC' });
    const cp = await con.newPage();
    await cp.goto(`${server.url}/console/sign-in`);
    await cp.getByLabel('E-mail address').fill('agent@northwind.example');
    await cp.getByLabel('Password').fill(PASSWORD);
    await cp.getByRole('button', { name: 'Sign in' }).click();
    await cp.getByRole('heading', { name: 'Cases across companies' }).waitFor();
    const flagged = cp.locator(`[data-attention="${c.id}"]`);
    await flagged.waitFor();
    assert.equal(await flagged.innerText(), 'Needs attention');
    await shot(cp, 'csat-console-queue');
    await cp.getByRole('link', { name: 'Certificates are not issued' }).click();
    await cp.locator('#needs-attention').waitFor();
    assert.equal(await cp.locator('#case-rating').innerText(), 'Not satisfied');
    assert.equal(await cp.locator('#rating-comment').innerText(), 'Only half of the learners got one.\nThe others still see nothing.');
    await shot(cp, 'csat-console-case');
    await cp.goto(`${server.url}/console/counts`);
    assert.equal(await cp.locator('#csat-not-satisfied').innerText(), '1');
    await cp.locator('#csat-agents').getByRole('cell', { name: 'Sam Support' }).waitFor();
    await shot(cp, 'csat-console-counts');
    await con.close();
    // The console's new parts pass axe in both schemes (the console follows
    // the system's).
    for (const colorScheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', colorScheme });
      const p = await ctx.newPage();
      await p.goto(`${server.url}/console/sign-in`);
      await p.getByLabel('E-mail address').fill('agent@northwind.example');
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('heading', { name: 'Cases across companies' }).waitFor();
      for (const [name, path] of [['queue', '/console/queue'], ['case', `/console/cases/${c.id}`], ['counts', '/console/counts'], ['queue de', '/console/queue?attention=1&lang=de']]) {
        await p.goto(server.url + path);
        const r = await new AxeBuilder({ page: p }).withTags(TAGS).analyze();
        found.push(...r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `console ${name} [${colorScheme}]: ${v.id} ${v.help}`));
      }
      if (colorScheme === 'dark') await shot(p, 'csat-console-queue-de-dark');
      await ctx.close();
    }
    assert.deepEqual(found, []);

    assert.deepEqual(errors.map((e) => e.stack), []);
    await context.close();
  } finally {
    await browser.close();
    await app.stop();
    await server.stop();
  }
});
