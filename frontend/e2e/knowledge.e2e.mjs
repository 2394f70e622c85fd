// Knowledge base end to end: real Go search over the starter content and
// imported articles, in Chromium.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, newDataDir, openApp, root, shot, startApp } from './harness.mjs';

const devBin = join(root, 'build/bin/supportportal-dev');
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

function sql(dataDir, query) {
  return execFileSync('sqlite3', [join(dataDir, 'portal.db'), query], { encoding: 'utf8' }).trim();
}

test('type in the search bar, results appear while typing, open an article, mark it helpful', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app);
    const search = page.getByTestId('kb-search');
    await search.click();
    // Results show up before the query is complete (prefix match on the word
    // being typed) ...
    await page.keyboard.type('four-us', { delay: 40 });
    await page.getByTestId('home-results').getByTestId('kb-hit').first().waitFor();
    // ... and a typo in a finished word still finds the article.
    await search.fill('');
    await page.keyboard.type('how many portal usres can we have', { delay: 15 });
    const results = page.locator('[data-testid="home-results"][data-query="how many portal usres can we have"]');
    await results.waitFor();
    await results.getByText('The four-user limit').waitFor();
    await shot(page, 'home-search-en');

    await page.getByRole('link', { name: 'See all results' }).click();
    await page.getByTestId('kb-results').waitFor();
    assert.equal(await page.getByTestId('kb-search').inputValue(), 'how many portal usres can we have');
    await shot(page, 'knowledge-results-en');
    await page.getByTestId('kb-results').getByRole('link', { name: 'The four-user limit' }).click();
    await page.getByTestId('article-title').filter({ hasText: 'The four-user limit' }).waitFor();
    await shot(page, 'article-en');

    await page.getByTestId('article-feedback').getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Thank you for your feedback').waitFor();
    const stored = sql(app.dataDir, 'SELECT count(*) FROM kb_feedback WHERE helpful = 1');
    assert.equal(stored, '1');
    assert.equal(sql(app.dataDir, "SELECT count(*) FROM outbox WHERE kind = 'article.feedback'"), '1');

    // Recently viewed lists it on the Knowledge screen.
    await page.locator('nav a[href="#/knowledge"]').click();
    await page.getByText('Recently viewed').waitFor();
    await page.getByRole('link', { name: 'The four-user limit' }).first().waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('hostile search input just searches', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/knowledge"]').click();
    // Home has a search bar too: typing before the Knowledge page is shown
    // would type into Home's, which the navigation then discards.
    await page.getByTestId('kb-category').first().waitFor();
    const inputs = ['"unbalanced', 'user*', '-password', 'title:case', '((attach', 'AND OR NOT', 'NEAR(a b)', '😀🔥', 'كلمة المرور', "'; DROP TABLE kb_article; --", 'x'.repeat(10_000)];
    for (const q of inputs) {
      await page.getByTestId('kb-search').fill(q);
      // Wait for this query's own answer, not the previous one kept on screen.
      await page.waitForFunction(
        (want) => [...document.querySelectorAll('[data-settled-query]')].some((e) => e.getAttribute('data-settled-query') === want),
        q.trim(),
      );
      await page.locator('[data-testid="kb-results"], [data-testid="empty-state"]').first().waitFor();
      assert.equal(await page.getByRole('alert').count(), 0, `error shown for ${q.slice(0, 20)}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('article bodies with XSS payloads render inert in the webview', async () => {
  const dataDir = newDataDir();
  const src = mkdtempSync(join(tmpdir(), 'kb-xss-'));
  const body = [
    '<script>window.__xss = 1</script>',
    '<img src=x onerror="window.__xss = 2">',
    '<svg onload="window.__xss = 3"></svg>',
    '[click me](javascript:window.__xss=4)',
    '<a href="jav&#x09;ascript:window.__xss=5">tab</a>',
    '<iframe src="javascript:window.__xss=6"></iframe>',
    '<details open ontoggle="window.__xss=7">d</details>',
    '<a href="https://example.com/docs">safe external link</a>',
  ].join('\n\n');
  writeFileSync(join(src, 'xss.md'), `---\ntitle: Payload article\ncategory: Security/Tests\nid: xss-1\n---\n\n${body}\n`);
  execFileSync(devBin, ['kb', 'import', src, '--data-dir', dataDir]);

  const app = await startApp({ dataDir });
  try {
    const { page, context } = await openApp(browser, app);
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.getByTestId('kb-search').fill('Payload article');
    await page.getByTestId('home-results').getByRole('link', { name: 'Payload article' }).click();
    const bodyEl = page.getByTestId('article-body');
    await bodyEl.waitFor();
    // Click everything clickable in the body.
    for (const a of await bodyEl.locator('a, details, img').all()) await a.click({ force: true }).catch(() => {});
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(dialogs, []);
    const bad = await bodyEl.evaluate((el) =>
      [...el.querySelectorAll('*')].flatMap((n) =>
        [...n.attributes]
          .filter((a) => a.name.startsWith('on') || /^\s*(javascript|data|vbscript):/i.test(a.value))
          .map((a) => `${n.tagName} ${a.name}`)
          .concat(['SCRIPT', 'IFRAME', 'svg'].includes(n.tagName) ? [n.tagName] : []),
      ),
    );
    assert.deepEqual(bad, []);
    // The page is still the app (an external link did not navigate the window).
    assert.ok(page.url().startsWith(app.url));
    await shot(page, 'article-xss');
    await context.close();
  } finally {
    await app.stop();
  }
});

test('German UI shows the German starter articles', async () => {
  const app = await startApp();
  try {
    const { page, context } = await openApp(browser, app, { colorScheme: 'dark' });
    await page.evaluate(() => window.go.app.App.UpdateSettings({ language: 'de' }));
    await page.reload();
    await page.locator('nav a[href="#/knowledge"]').click();
    await page.getByText('Alle Artikel').waitFor();
    await page.getByTestId('kb-search').fill('Passwort vergessen');
    await page.getByTestId('kb-hit').first().waitFor();
    await shot(page, 'knowledge-de-dark');
    await context.close();
  } finally {
    await app.stop();
  }
});
