// Contact Support and My Account Cases end to end: the real app and store,
// driven from Chromium. The case is written and sent while offline, so it
// waits in the outbox; a kill -9 while typing loses nothing that was saved.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { launchBrowser, openApp, shot, startApp } from './harness.mjs';

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

// A real PNG (1x1, red), so the app makes a thumbnail of it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

async function pick(page, testId, option) {
  await page.getByTestId(testId).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function goOffline(page) {
  await page.evaluate(() => {
    Object.defineProperty(Navigator.prototype, 'onLine', { get: () => false, configurable: true });
    window.dispatchEvent(new Event('offline'));
  });
}

function draftIdFromUrl(page) {
  const m = /#\/contact\/([0-9a-f-]{36})/.exec(page.url());
  return m ? m[1] : '';
}

test('write a case offline with suggestions and a screenshot, it waits to send; open it and comment', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/contact"]').click();
    // The OS reports no network. (Playwright's setOffline would also cut the
    // dev server's loopback socket that carries the Go calls, which a real
    // desktop window does not have.)
    await goOffline(page);
    await page.getByTestId('online-badge').filter({ hasText: 'Offline' }).waitFor();

    // Typing the subject fills the suggestions panel beside the form.
    await page.getByTestId('case-subject').click();
    await page.keyboard.type('How many portal users can we have', { delay: 20 });
    await page.getByTestId('suggestion').filter({ hasText: 'The four-user limit' }).waitFor();
    await pick(page, 'case-category', 'Account and billing');
    await pick(page, 'case-subcategory', 'Customer portal access');
    await page.getByTestId('case-description').fill('We need a fifth colleague in the portal. What are our options?');
    await page.getByTestId('draft-state').filter({ hasText: 'Draft saved' }).waitFor();
    await page.waitForFunction(() => /#\/contact\/[0-9a-f-]{36}/.test(location.hash));
    const draftId = draftIdFromUrl(page);

    // An article opens beside the draft without losing it.
    await page.getByTestId('suggestion').filter({ hasText: 'The four-user limit' }).click();
    await page.getByTestId('solved-my-problem').waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('case-subject').inputValue(), 'How many portal users can we have');

    // A path the page names itself is refused: files come only from the
    // dialog or a drop.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-files-'));
    const png = join(dir, 'portal users.png');
    writeFileSync(png, PNG);
    const empty = join(dir, 'empty.log');
    writeFileSync(empty, '');
    const refused = await page.evaluate(
      ([id, p]) => window.go.app.App.AddAttachmentPaths(id, [p]).then(() => 'accepted', (e) => String(e?.message ?? e)),
      [draftId, png],
    );
    assert.match(refused, /path_not_granted/);
    // Drop a screenshot on the zone: the message the native drop sends to
    // Go, which grants the paths and hands the page tokens. Then reload:
    // the draft and its file come back from the store.
    const box = await page.getByTestId('attach-zone').boundingBox();
    await page.evaluate(([x, y, paths]) => window.WailsInvoke(`DD:${x}:${y}:${paths.join('\n')}`), [
      Math.round(box.x + box.width / 2),
      Math.round(box.y + box.height / 2),
      [png, empty],
    ]);
    await page.getByTestId('attachment').filter({ hasText: 'portal users.png' }).waitFor();
    await page.getByTestId('attach-error').filter({ hasText: 'empty.log' }).waitFor();
    await page.reload();
    await goOffline(page);
    await page.getByTestId('attachment').filter({ hasText: 'portal users.png' }).waitFor();
    await page.getByTestId('attachment-thumb').waitFor();
    assert.equal(await page.getByTestId('case-description').inputValue(), 'We need a fifth colleague in the portal. What are our options?');
    await shot(page, 'contact-support-draft');

    await page.getByTestId('case-submit').click();
    await page.getByTestId('case-status').filter({ hasText: 'Waiting to send' }).waitFor();
    await page.getByTestId('waiting-note').waitFor();
    assert.equal(await page.getByTestId('case-number').innerText(), 'Not sent yet');
    await page.getByTestId('case-attachment').filter({ hasText: 'portal users.png' }).waitFor();

    // Listed in My Account Cases as Waiting to send.
    await page.locator('nav a[href="#/cases"]').click();
    const row = page.getByTestId('case-row').filter({ hasText: 'How many portal users can we have' });
    await row.getByText('Waiting to send').waitFor();
    await page.getByTestId('outbox-count').filter({ hasText: '1 waiting to send' }).waitFor();
    await shot(page, 'cases-list');

    // Open it and add a comment, still offline: queued behind the case.
    await row.getByRole('link').click();
    await page.getByTestId('comment-body').fill('One more detail: we are on the Business plan.');
    await page.getByTestId('comment-send').click();
    await page.getByTestId('comment').filter({ hasText: 'Business plan' }).getByText('Waiting to send').waitFor();
    assert.equal(await page.getByTestId('comment-body').inputValue(), '');
    await shot(page, 'case-detail');
    assert.equal(sql(app.dataDir, 'SELECT group_concat(kind) FROM (SELECT kind FROM outbox ORDER BY seq)'), 'case.create,comment.add');
    assert.equal(sql(app.dataDir, "SELECT count(*) FROM attachment WHERE owner_kind = 'case'"), '1');
    assert.equal(sql(app.dataDir, 'SELECT count(*) FROM case_draft'), '0');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('required fields are checked at the field; discard has undo', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app, { colorScheme: 'dark' });
    await page.locator('nav a[href="#/contact"]').click();
    await page.getByTestId('case-subject').fill('Certificates are blank');
    await page.waitForFunction(() => /#\/contact\/[0-9a-f-]{36}/.test(location.hash));
    await page.getByTestId('case-submit').click();
    // The first missing field gets the message and the focus.
    await page.getByText('This field is required.').waitFor();
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'case-category');
    await shot(page, 'contact-support-validation-dark');
    assert.equal(sql(app.dataDir, 'SELECT count(*) FROM support_case'), '0');

    const draftId = draftIdFromUrl(page);
    await page.getByRole('button', { name: 'Discard draft' }).click();
    await page.getByTestId('discarded').waitFor();
    assert.equal(sql(app.dataDir, 'SELECT count(*) FROM case_draft WHERE discarded_at IS NULL'), '0');
    await page.getByTestId('undo-discard').click();
    await page.waitForFunction((id) => location.hash === `#/contact/${id}`, draftId);
    await page.getByTestId('case-subject').and(page.locator('[value="Certificates are blank"]')).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('kill -9 while typing a draft: after a restart the draft is there up to the last saved keystroke', async () => {
  let app = await startApp();
  const dataDir = app.dataDir;
  let saved = '';
  try {
    const { page, context } = await openApp(browser, app);
    await page.locator('nav a[href="#/contact"]').click();
    await page.getByTestId('case-subject').fill('Report export stops');
    await page.getByTestId('case-description').click();
    await page.keyboard.type('The CSV export of the course report stops at 10 percent.', { delay: 10 });
    await page.getByTestId('draft-state').filter({ hasText: 'Draft saved' }).waitFor();
    await sleep(300);
    // Keep typing and kill the app mid-word, without waiting for a save.
    const typing = page.keyboard.type(' It started after the update on Monday and', { delay: 25 });
    await sleep(700);
    await app.kill9();
    await typing.catch(() => undefined);
    saved = sql(dataDir, 'SELECT description FROM case_draft');
    await context.close();
  } catch (e) {
    await app.stop();
    throw e;
  }
  assert.ok(saved.startsWith('The CSV export of the course report stops at 10 percent.'), `saved: ${saved}`);

  app = await startApp({ dataDir });
  try {
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/contact"]').click();
    // The new form lists the draft that was being written; it resumes.
    await page.getByTestId('drafts-list').getByRole('link', { name: 'Report export stops' }).click();
    await page.getByTestId('case-description').and(page.locator(':not([disabled])')).waitFor();
    // (the sqlite3 output was trimmed, so compare without trailing spaces)
    await page.waitForFunction((v) => document.querySelector('[data-testid="case-description"]')?.value.trimEnd() === v, saved);
    assert.equal(await page.getByTestId('case-subject').inputValue(), 'Report export stops');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('a solved case shows its solution; a comment reopens it; a closed case offers a follow-up case', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app);
    const c = await page.evaluate(async () => {
      const d = await window.go.app.App.SaveDraft({
        id: '', subject: 'SSO login loops', categoryId: 'users', subcategoryId: 'users.sso', description: 'After sign-in the page reloads forever.', priority: 'urgent', followUpOf: '',
      });
      return window.go.app.App.SubmitDraft(d.id);
    });
    // Play the support team's part in the store, as the sync engine will.
    sql(app.dataDir, `UPDATE support_case SET number = 1042, status = 'solved', solution = 'Clear the SSO cookie and sign in again.',
      solution_article_id = (SELECT id FROM kb_article WHERE locale = 'en' ORDER BY title LIMIT 1) WHERE id = '${c.id}';
      INSERT INTO case_comment (id, case_id, author_kind, author_name, body, created_at)
      VALUES ('00000000-0000-7000-8000-000000000001', '${c.id}', 'support', 'Maria', 'Please clear the SSO cookie.', '2026-11-20T09:30:00.000000Z');`);
    await page.goto(`${app.url}#/cases/${c.id}`);
    await page.getByTestId('case-solution').getByText('Clear the SSO cookie and sign in again.').waitFor();
    await page.getByTestId('case-solution').getByRole('link').waitFor();
    assert.equal(await page.getByTestId('case-number').innerText(), '#1042');
    await page.getByTestId('comment').filter({ hasText: 'Maria' }).getByText('Support').waitFor();
    await page.getByText('This case is solved. Commenting reopens it.', { exact: false }).waitFor();
    await shot(page, 'case-solved');

    await page.getByTestId('comment-body').fill('Still loops in Firefox.');
    await page.getByTestId('comment-body').press('Control+Enter');
    await page.getByTestId('case-status').filter({ hasText: 'In Progress' }).waitFor();

    sql(app.dataDir, `UPDATE support_case SET status = 'closed' WHERE id = '${c.id}'`);
    await page.reload();
    await page.getByTestId('case-closed-note').waitFor();
    assert.equal(await page.getByTestId('comment-body').count(), 0);
    await page.getByTestId('follow-up').click();
    await page.waitForFunction(() => /#\/contact\/[0-9a-f-]{36}/.test(location.hash));
    await page.getByText('This case will be a follow-up to a closed case.').waitFor();
    await page.getByTestId('case-subject').and(page.locator('[value="SSO login loops"]')).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});

// The native file dialog is GTK's, opened by the app's own window on the
// Xvfb display; xdotool types in it as a user would: go to the folder,
// select every file, open.
function xdo(...args) {
  return execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
}

async function dialogWindow(title) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      const ids = xdo('search', '--onlyvisible', '--name', `^${title}$`).split('\n').filter(Boolean);
      if (ids.length) return ids[ids.length - 1];
    } catch {
      // not open yet
    }
    await sleep(200);
  }
  throw new Error(`no "${title}" dialog appeared`);
}

test('attach several files through the native file dialog', async () => {
  const app = await startApp();
  try {
    const { page, context, errors } = await openApp(browser, app);
    await page.locator('nav a[href="#/contact"]').click();
    await page.getByTestId('case-subject').fill('Several screenshots');
    const dir = mkdtempSync(join(tmpdir(), 'e2e-dialog-'));
    writeFileSync(join(dir, 'first.png'), PNG);
    writeFileSync(join(dir, 'second.txt'), 'log line 1\nlog line 2\n');
    writeFileSync(join(dir, 'third.csv'), 'a,b\n1,2\n');
    await page.getByTestId('attach-choose').click();
    const id = await dialogWindow('Attach files');
    xdo('windowfocus', '--sync', id); // no window manager under Xvfb: focus directly
    await sleep(500);
    xdo('key', '--clearmodifiers', 'ctrl+l');
    await sleep(200);
    xdo('type', '--delay', '20', `${dir}/`);
    await sleep(300);
    xdo('key', 'Return'); // into the folder
    await sleep(800);
    xdo('key', 'ctrl+a');
    await sleep(300);
    xdo('key', 'Return'); // open the selection
    await page.getByTestId('attachment').nth(2).waitFor({ timeout: 15_000 });
    const names = await page.getByTestId('attachment').allInnerTexts();
    for (const n of ['first.png', 'second.txt', 'third.csv']) assert.ok(names.some((x) => x.includes(n)), `${n} missing in ${names}`);
    assert.equal(sql(app.dataDir, "SELECT count(*) FROM attachment WHERE owner_kind = 'draft'"), '3');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
  }
});
