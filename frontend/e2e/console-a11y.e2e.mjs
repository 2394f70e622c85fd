// Accessibility of the support team's console: axe-core checks every console
// page (sign-in, the same form with an error, queue, a case, knowledge
// base, a new article, counts, requests, audit log, people) served by the
// real server binary, in light and dark, English and German. Serious and
// critical violations fail; each one is named with the page and element.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, shot } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

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

async function violations(page, name) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

test('every console page passes axe in light and dark, English and German', { timeout: 240_000 }, async () => {
  // Content for the pages: a case from a customer and an access request.
  const signIn = await api('POST', '/v1/auth/sign-in', { body: { email: 'owner@contoso.example', password: PASSWORD } });
  assert.equal(signIn.status, 200);
  const caseId = randomUUID();
  const push = await api('POST', '/v1/push', {
    token: signIn.json.token,
    body: {
      mutations: [{
        id: randomUUID(),
        kind: 'case.create',
        payload: {
          caseId, subject: 'Certificates print blank', categoryId: 'courses', subcategoryId: 'courses.enrollment', priority: 'high',
          description: 'Since Monday the certificate PDF is empty.', attachments: [], createdAt: new Date().toISOString(),
        },
      }],
    },
  });
  assert.equal(push.json.results[0].result, 'applied', JSON.stringify(push.json));
  const asked = await api('POST', '/v1/access-requests', {
    body: {
      name: 'Nora Newhire', company: 'Contoso', email: 'nora.a11y@contoso.example', productDomain: 'lms.contoso.example',
      title: 'Training Coordinator', phone: '+1 555 0100', productRole: 'administrator',
    },
  });
  assert.equal(asked.status, 201, JSON.stringify(asked.json));

  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'UTC', colorScheme });
    const page = await context.newPage();
    for (const lang of ['en', 'de']) {
      // Signed out: the sign-in form, then the same form after a wrong password.
      await context.clearCookies();
      await page.goto(`${base}/console/sign-in?lang=${lang}`);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      found.push(...(await violations(page, `sign-in ${lang} ${colorScheme}`)));
      await page.locator('input[type=email], input[name=email]').fill('agent@northwind.example');
      await page.locator('input[type=password]').fill('not the password');
      await page.locator('form button[type=submit], form input[type=submit]').first().click();
      await page.locator('[role=alert], .error, .err').first().waitFor();
      found.push(...(await violations(page, `sign-in with error ${lang} ${colorScheme}`)));
      await page.locator('input[type=password]').fill(PASSWORD);
      await page.locator('form button[type=submit], form input[type=submit]').first().click();
      await page.waitForURL((u) => !u.pathname.endsWith('/sign-in'));

      const pages = [
        ['queue', '/console/queue?status='],
        ['case', `/console/cases/${caseId}`],
        ['knowledge base', '/console/kb'],
        ['new article', '/console/kb/articles/new'],
        ['counts', '/console/counts'],
        ['requests', '/console/requests'],
        ['audit', '/console/audit'],
        ['people', '/console/people'],
      ];
      for (const [name, path] of pages) {
        const r = await page.goto(`${base}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        assert.equal(r.status(), 200, `${name} answered ${r.status()}`);
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
        found.push(...(await violations(page, `${name} ${lang} ${colorScheme}`)));
        if (name === 'case' || name === 'queue') await shot(page, `console-${name}-${lang}-${colorScheme}`);
      }
    }
    await context.close();
  }
  assert.deepEqual(found, [], `axe found serious or critical violations:\n${found.join('\n')}`);
});
