// Knowledge flows end to end, in Chromium against the real bindings: a
// folder imported with the Knowledge screen's button (the native folder
// dialog, driven with xdotool), browsing by category with paging, "Did you
// mean", and "This solved my problem" from the suggestions beside the case
// form, counted on the real server. One app serves the file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chooseFolder } from './dialogs.mjs';
import { launchBrowser, openApp, shot, startApp, waitUntil } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

let browser;
let app;
before(async () => {
  browser = await launchBrowser();
  app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
});
after(async () => {
  await app?.stop();
  await browser?.close();
});

function sql(query) {
  return execFileSync('sqlite3', [join(app.dataDir, 'portal.db'), query], { encoding: 'utf8' }).trim();
}

const pad = (n) => String(n).padStart(2, '0');
// 23 articles under Reporting/Exports (more than one page of 20), one
// directly under Reporting, one without a category, and a file that is not
// an article.
const EXPORTS = Array.from({ length: 23 }, (_, i) => `Export recipe ${pad(i + 1)}`);

function articleFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-kb-import-'));
  writeFileSync(join(dir, '_categories.yaml'), [
    '- path: Reporting', '  names: {en: Reporting, de: Berichte}', '  position: 0',
    '- path: Reporting/Exports', '  names: {en: Exports, de: Exporte}', '  position: 1', '',
  ].join('\n'));
  EXPORTS.forEach((title, i) => {
    writeFileSync(join(dir, `export-${pad(i + 1)}.md`),
      `---\ntitle: ${title}\ncategory: Reporting/Exports\nid: export-${pad(i + 1)}\nsummary: How to export report number ${i + 1}.\n---\n\nOpen **Reports**, choose report ${i + 1} and press Export.\n`);
  });
  writeFileSync(join(dir, 'scheduling.md'),
    '---\ntitle: Scheduling reports\ncategory: Reporting\nid: scheduling\nsummary: Reports can be e-mailed every Monday.\n---\n\nChoose **Schedule** on any report.\n');
  writeFileSync(join(dir, 'release-notes.md'),
    '---\ntitle: Release notes 2026\nid: release-notes-2026\nsummary: What changed this year.\n---\n\nA list of changes.\n');
  writeFileSync(join(dir, 'notes.md'), 'Just some notes, no front matter.\n');
  return dir;
}

async function gotoKnowledge(page) {
  await page.locator('nav a[href="#/knowledge"]').click();
  await page.locator('nav a[href="#/knowledge"][aria-current="page"]').waitFor();
  await page.getByTestId('kb-category').first().waitFor();
}

/** The category tree's entries as [name, count] pairs, in order (open ones with their children). */
async function tree(page) {
  return page.getByRole('navigation', { name: 'Categories' }).locator('.mantine-NavLink-root').evaluateAll((links) =>
    links
      .filter((a) => a.offsetParent !== null)
      .map((a) => [a.querySelector('.mantine-NavLink-label').textContent, Number(a.querySelector('.mantine-Badge-root')?.textContent)]),
  );
}

/** The titles the article list shows on all its pages, paging with "Next page". */
async function listedTitles(page) {
  const titles = [];
  const list = page.getByTestId('kb-list');
  for (;;) {
    await list.waitFor();
    const shown = await list.locator('li a').allInnerTexts();
    titles.push(...shown);
    const next = list.getByRole('button', { name: 'Next page' });
    if ((await next.count()) === 0 || (await next.isDisabled())) break;
    await next.click();
    await page.waitForFunction((first) => document.querySelector('[data-testid="kb-list"] li a')?.textContent !== first, shown[0]);
  }
  return titles;
}

test('import a folder from the Knowledge screen: the report, a second import changes nothing', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await gotoKnowledge(page);
  const before = Number(sql("SELECT count(*) FROM kb_article WHERE locale = 'en'"));
  const dir = articleFolder();

  await page.getByRole('button', { name: 'Import articles…' }).click();
  await chooseFolder('Choose a folder of Markdown articles or a Zendesk export', dir);
  const report = page.getByTestId('kb-import-report');
  await report.waitFor();
  assert.match(await report.innerText(), /Import finished/);
  assert.match(await report.innerText(), /25 new, 0 updated, 0 unchanged\./);
  assert.match(await report.innerText(), /1 file was skipped:/);
  assert.match(await report.getByRole('listitem').innerText(), /^notes\.md: no front matter/);
  await shot(page, 'flows-kb-import-report');
  // The report goes below the header; the header's buttons stay in a row.
  const middle = async (name) => page.getByRole('button', { name }).boundingBox().then((b) => Math.round(b.y + b.height / 2));
  assert.equal(await middle('Open Help Documents'), await middle('Import articles…'));
  assert.equal(Number(sql("SELECT count(*) FROM kb_article WHERE locale = 'en'")), before + 25);
  // The new categories are in the tree at once, with their counts.
  await page.getByRole('navigation', { name: 'Categories' }).getByText('Reporting', { exact: true }).waitFor();

  // The same folder again: everything is unchanged, nothing doubles.
  await report.getByRole('button', { name: 'Close' }).click();
  await report.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Import articles…' }).click();
  await chooseFolder('Choose a folder of Markdown articles or a Zendesk export', dir);
  await page.getByTestId('kb-import-report').filter({ hasText: '0 new, 0 updated, 25 unchanged.' }).waitFor();
  assert.equal(Number(sql("SELECT count(*) FROM kb_article WHERE locale = 'en'")), before + 25);

  // An imported article is found by search and opens.
  await page.getByTestId('kb-search').fill('schedule report monday');
  await page.getByTestId('kb-results').getByRole('link', { name: 'Scheduling reports' }).click();
  await page.getByTestId('article-title').filter({ hasText: 'Scheduling reports' }).waitFor();
  assert.match(await page.getByTestId('article-body').innerText(), /Choose Schedule on any report\./);
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('browse by category: counts, a subcategory, paging, an article and back', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await gotoKnowledge(page);
  const cats = page.getByRole('navigation', { name: 'Categories' });
  await cats.getByText('Reporting', { exact: true }).waitFor();
  const top = await tree(page);
  assert.deepEqual(top, [
    ['All articles', 34],
    ['Reporting', 24],
    ['Access and users', 5],
    ['Cases', 2],
    ['Knowledge and help', 1],
    ['Your account', 1],
  ]);

  // "All articles" lists as many articles as its count says, on two pages.
  const all = await listedTitles(page);
  assert.equal(all.length, 34, `listed: ${all.join(', ')}`);
  assert.ok(all.includes('Release notes 2026'));

  // A category lists its own and its subcategories' articles, by title,
  // 20 to a page; the address keeps the category.
  await cats.getByText('Reporting', { exact: true }).click();
  await page.waitForFunction(() => /[?&]c=/.test(location.hash));
  assert.deepEqual((await tree(page)).slice(1, 3), [['Reporting', 24], ['Exports', 23]]);
  const pagination = page.getByTestId('kb-list').locator('.mantine-Pagination-root');
  await pagination.waitFor();
  const inReporting = await listedTitles(page);
  assert.deepEqual(inReporting, [...EXPORTS, 'Scheduling reports']);
  await shot(page, 'flows-kb-category-page2');

  // The subcategory: only its 23, starting again at page 1.
  await cats.getByText('Exports', { exact: true }).click();
  await page.getByTestId('kb-list').getByRole('link', { name: 'Export recipe 01' }).waitFor();
  const inExports = await listedTitles(page);
  assert.deepEqual(inExports, EXPORTS);
  const exportsHash = await page.evaluate(() => location.hash);

  // Open an article: its path is shown; Back returns to the category.
  await page.getByTestId('kb-list').getByRole('link', { name: 'Export recipe 21' }).click();
  await page.getByTestId('article-title').filter({ hasText: 'Export recipe 21' }).waitFor();
  const crumbs = await page.locator('.mantine-Breadcrumbs-root').innerText();
  assert.deepEqual(crumbs.split('\n').map((s) => s.trim()).filter((s) => s && s !== '/'), ['Knowledge Articles', 'Reporting', 'Exports']);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByTestId('kb-list').waitFor();
  assert.equal(await page.evaluate(() => location.hash), exportsHash);
  await cats.locator('.mantine-NavLink-root[data-active]').filter({ hasText: 'Exports' }).waitFor();

  // Searching within the category finds only its articles.
  await page.getByTestId('kb-search').fill('report');
  await page.locator('[data-settled-query="report"]').waitFor();
  const hits = await page.getByTestId('kb-hit').allInnerTexts();
  assert.ok(hits.length > 0 && hits.every((h) => h.startsWith('Export recipe')), `hits: ${hits}`);
  assert.match(await page.getByTestId('kb-results').innerText(), /23 articles found/);

  // All articles again.
  await page.getByTestId('kb-search').fill('');
  await cats.getByText('All articles', { exact: true }).click();
  await page.waitForFunction(() => !/[?&]c=/.test(location.hash));
  await page.getByTestId('kb-list').getByRole('link', { name: 'Creating a case' }).waitFor();
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('"Did you mean": a misspelt word is corrected and marked; the words as typed on request', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await gotoKnowledge(page);
  const search = page.getByTestId('kb-search');
  await search.click();
  await page.keyboard.type('distribusion list', { delay: 20 });
  await page.locator('[data-settled-query="distribusion list"]').waitFor();
  const corrections = page.getByTestId('kb-corrections');
  await corrections.waitFor();
  assert.equal(await corrections.locator('mark').allInnerTexts().then((m) => m.join('|')), 'distribution');
  assert.match(await corrections.innerText(), /Showing results for: distribution list/);
  assert.match(await corrections.innerText(), /Search instead for: distribusion list/);
  await page.getByTestId('kb-results').getByRole('link', { name: 'The four-user limit' }).waitFor();
  await shot(page, 'flows-kb-did-you-mean');

  // The words as typed: no correction, and the page says so.
  await page.getByTestId('kb-search-original').click();
  await page.getByTestId('kb-searched-as-typed').waitFor();
  assert.equal(await corrections.count(), 0);
  assert.equal(await search.inputValue(), 'distribusion list');

  // A new question is corrected again.
  await search.fill('deactvate a user');
  await page.locator('[data-settled-query="deactvate a user"]').waitFor();
  await page.getByTestId('kb-corrections').locator('mark').filter({ hasText: 'deactivate' }).waitFor();
  assert.equal(await page.getByTestId('kb-searched-as-typed').count(), 0);

  // The home screen's quick search offers the same.
  await page.locator('nav a[href="#/"]').click();
  await page.getByTestId('kb-search').fill('distribusion list');
  await page.getByTestId('home-results').getByTestId('kb-corrections').locator('mark').filter({ hasText: 'distribution' }).waitFor();
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('"This solved my problem" in the suggestions ends the case; the deflection is counted on the server', async () => {
  const server = await startServer();
  try {
    await server.setPassword('owner@contoso.example');
    await server.setPassword('agent@northwind.example');
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/account"]').click();
    await page.getByTestId('sign-in-server').fill(server.url);
    await page.getByTestId('sign-in-email').fill('owner@contoso.example');
    await page.getByTestId('sign-in-password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('account-card').waitFor();
    await page.getByTestId('outbox-count').filter({ hasText: 'Synced' }).waitFor();

    await page.locator('nav a[href="#/contact"]').click();
    await page.getByTestId('case-subject').click();
    await page.keyboard.type('How many portal users can we have', { delay: 10 });
    await page.waitForFunction(() => /#\/contact\/[0-9a-f-]{36}/.test(location.hash));
    const draftId = /#\/contact\/([0-9a-f-]{36})/.exec(page.url())[1];
    const suggestions = page.getByRole('complementary', { name: 'Articles that may help' });
    await suggestions.getByRole('button', { name: 'The four-user limit' }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('heading', { name: 'The four-user limit' }).waitFor();
    await drawer.getByRole('button', { name: 'This solved my problem' }).click();
    await drawer.waitFor({ state: 'detached' });
    const glad = page.getByTestId('deflected');
    await glad.waitFor();
    await shot(page, 'flows-kb-deflected');
    const articleId = sql("SELECT id FROM kb_article WHERE source_id = 'starter-user-limit' AND locale = 'en'");
    assert.equal(sql(`SELECT draft_id || ' ' || article_id FROM deflection`), `${draftId} ${articleId}`);

    // It goes to the server without Sync now, and the console counts it
    // against the article.
    // (The engine's next scheduled sync is a minute away.)
    await waitUntil(() => sql('SELECT count(*) FROM outbox') === '0', 'the deflection to be sent', 20_000);
    const consolePage = await context.newPage();
    await consolePage.goto(`${server.url}/console/counts`);
    await consolePage.getByLabel('E-mail address').fill('agent@northwind.example');
    await consolePage.getByLabel('Password').fill(PASSWORD);
    await consolePage.getByRole('button', { name: 'Sign in' }).click();
    await consolePage.getByRole('heading', { name: 'Cases across companies' }).waitFor();
    await consolePage.goto(`${server.url}/console/counts`);
    await consolePage.getByRole('heading', { name: 'Deflections and article feedback' }).waitFor();
    assert.equal(await consolePage.locator('#total-deflections').innerText(), '1');
    const row = consolePage.getByRole('row').filter({ hasText: 'starter-user-limit' });
    assert.deepEqual((await row.getByRole('cell').allInnerTexts()).slice(1), ['1', '0', '0']);
    assert.match(await row.innerText(), new RegExp(articleId));
    await consolePage.close();

    // The problem is solved: the draft is discarded from the note.
    await glad.getByRole('button', { name: 'Discard draft' }).click();
    await page.getByTestId('discarded').waitFor();
    assert.equal(sql(`SELECT discarded_at IS NOT NULL FROM case_draft WHERE id = '${draftId}'`), '1');
    assert.deepEqual(errors.map((e) => e.stack), []);
    await context.close();
  } finally {
    await server.stop();
  }
});
