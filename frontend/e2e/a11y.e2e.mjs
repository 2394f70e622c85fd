// Accessibility end to end: axe-core checks every screen of the real app in
// both themes and both languages (serious and critical violations fail), and
// a keyboard-only walk creates a case from the home screen. One app and one
// browser serve the whole file to keep `make test` short on small machines.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { launchBrowser, openApp, shot, startApp } from './harness.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let browser;
let app;
before(async () => {
  browser = await launchBrowser();
  app = await startApp();
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

const go = (page, method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args]);

/** Waits until the screen has rendered: its title is there, nothing loads. */
async function settled(page) {
  await page.getByRole('heading', { level: 2 }).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.mantine-Loader-root, [aria-busy="true"]'));
}

async function setLook(page, language, theme) {
  await go(page, 'UpdateSettings', { language, theme });
  await page.reload();
  await page.getByRole('navigation').waitFor();
  await page.waitForFunction(([l, th]) => document.documentElement.lang === l && document.documentElement.getAttribute('data-mantine-color-scheme') === th, [language, theme]);
}

/** Serious and critical violations on the page as it is now. */
async function violations(page, screen) {
  const r = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

async function goto(page, hash) {
  await page.evaluate((h) => (location.hash = h), hash);
}

test('every screen passes axe in light and dark, English and German', async () => {
  const { page, context, errors } = await openApp(browser, app);
  // A case to list and open: written and sent offline, so it waits.
  const cats = await go(page, 'ComponentCategories');
  const draft = await go(page, 'SaveDraft', {
    id: '', subject: 'Certificates print blank', categoryId: cats[0].id, subcategoryId: cats[0].subcategories[0].id,
    description: 'Since Monday the certificate PDF is empty.', priority: 'high', followUpOf: '',
  });
  const kase = await go(page, 'SubmitDraft', draft.id);
  const articles = await go(page, 'KnowledgeArticles', '', 0, 1);
  const articleId = articles.items[0].id;

  const screens = [
    ['home', '#/', async () => {}],
    ['knowledge', '#/knowledge', async () => {}],
    ['article', `#/knowledge/a/${articleId}`, async () => page.getByTestId('article-title').waitFor()],
    ['search results', '#/knowledge?q=portal%20users', async () => page.getByTestId('kb-results').waitFor()],
    ['contact form with errors', '#/contact', async () => {
      await page.getByTestId('case-subject').fill('Accessibility check');
      await page.waitForFunction(() => /#\/contact\/[0-9a-f-]{36}/.test(location.hash));
      await page.getByTestId('case-submit').click();
      await page.locator('[aria-invalid="true"]').first().waitFor();
    }],
    ['case list', '#/cases', async () => page.getByTestId('case-row').first().waitFor()],
    ['case detail', `#/cases/${kase.id}`, async () => page.getByTestId('comment-body').waitFor()],
    ['My Account', '#/account', async () => page.getByTestId('sign-in').waitFor()],
    ['access request', '#/account', async () => {
      await page.getByTestId('access-link').click();
      await page.getByTestId('access-form').waitFor();
    }],
    ['My Settings', '#/settings', async () => page.getByTestId('settings-preview').waitFor()],
  ];

  const found = [];
  for (const [language, theme] of [['en', 'light'], ['en', 'dark'], ['de', 'light'], ['de', 'dark']]) {
    await setLook(page, language, theme);
    for (const [name, hash, ready] of screens) {
      await goto(page, hash);
      await settled(page);
      await ready();
      await settled(page);
      found.push(...(await violations(page, `${name} [${language}, ${theme}]`)));
      if (name === 'case list' && theme === 'light') await shot(page, `a11y-cases-export-${language}-light`);
      if (name === 'contact form with errors') {
        // Leave no draft behind for the next round's empty form.
        await page.getByRole('button', { name: language === 'de' ? 'Entwurf verwerfen' : 'Discard draft' }).click();
        // Discarding navigates to its undo page once the store answers;
        // moving on before that lets it overtake the next screen's hash.
        await page.getByTestId('discarded').waitFor();
      }
    }
  }
  assert.deepEqual(found, []);
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

/** The focused element, and whether it shows a focus indicator. */
async function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    // An outline or shadow ring, or (Mantine inputs) the border turning the
    // primary colour, as it does only on focus.
    const probe = document.body.appendChild(document.createElement('span'));
    probe.style.color = 'var(--mantine-primary-color-filled)';
    const primary = getComputedStyle(probe).color;
    probe.remove();
    const ring =
      (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) ||
      (s.boxShadow && s.boxShadow !== 'none') ||
      (['input', 'textarea'].includes(el.tagName.toLowerCase()) && s.borderTopColor === primary);
    return {
      testId: el.getAttribute('data-testid') ?? '',
      text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 60),
      tag: el.tagName.toLowerCase(),
      visible: !!ring,
    };
  });
}

/** Presses Tab until pred(focused) holds; every stop must show focus. */
async function tabTo(page, pred, what, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    assert.ok(f.visible, `no visible focus on ${f.tag} "${f.text}" (${f.testId}) while tabbing to ${what}`);
    if (pred(f)) return f;
  }
  assert.fail(`Tab never reached ${what}`);
}

test('keyboard only: create a case from the home screen', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await setLook(page, 'de', 'dark');
  await goto(page, '#/');
  await settled(page);

  // Home: Tab reaches "Contact Support" (after the search bar), Enter opens it.
  await tabTo(page, (f) => f.tag === 'a' && f.text === 'Fall erstellen', 'the contact button');
  await page.keyboard.press('Enter');
  await page.getByTestId('case-subject').waitFor();
  await tabTo(page, (f) => f.testId === 'case-subject', 'the subject');
  await shot(page, 'a11y-keyboard-subject-de-dark');
  await page.keyboard.type('Wie viele Portalbenutzer können wir haben', { delay: 5 });

  // Category and subcategory: arrow keys open and choose, Enter confirms.
  await tabTo(page, (f) => f.testId === 'case-category', 'the category');
  await page.keyboard.press('ArrowDown');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-category"]').value !== '');
  await tabTo(page, (f) => f.testId === 'case-subcategory', 'the subcategory');
  await page.keyboard.press('ArrowDown');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="case-subcategory"]').value !== '');
  await tabTo(page, (f) => f.testId === 'case-description', 'the description');
  await page.keyboard.type('Wir brauchen einen fünften Kollegen im Portal.', { delay: 5 });

  // A suggested article opens in a dialog; Escape closes it and the draft stays.
  const suggestion = page.getByTestId('suggestion').first();
  await suggestion.waitFor();
  await tabTo(page, (f) => f.testId === 'suggestion', 'a suggestion');
  await page.keyboard.press('Enter');
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });

  // Ctrl+Enter sends from the description.
  await page.getByTestId('case-description').focus();
  await page.keyboard.press('Control+Enter');
  await page.getByTestId('case-status').waitFor();
  await page.waitForFunction(() => /#\/cases\/[0-9a-f-]{36}/.test(location.hash));
  assert.match(await page.getByRole('heading', { level: 2 }).first().innerText(), /Portalbenutzer/);
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});
