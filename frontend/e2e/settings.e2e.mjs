// My Settings end to end: real Go bindings, real SQLite file, real Chromium.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, newDataDir, openApp, shot, startApp } from './harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function gotoSettings(page) {
  await page.locator('nav a[href="#/settings"]').click();
  await page.getByTestId('settings-preview').waitFor();
}

async function setTimeZone(page, zone) {
  const input = page.getByTestId('settings-timezone');
  await input.fill(zone);
  await input.press('Enter');
}

test('switching language changes the whole UI and is kept across a restart', async () => {
  const dataDir = newDataDir();
  let app = await startApp({ dataDir });
  try {
    const { page, context, errors } = await openApp(browser, app);
    await assertText(page.getByRole('heading', { level: 2 }), 'How can we help?');
    await shot(page, 'home-en-light');
    await gotoSettings(page);
    await shot(page, 'settings-en-light');

    await page.getByTestId('settings-language').click();
    await page.getByRole('option', { name: 'Deutsch' }).click();
    await assertText(page.locator('nav a[href="#/settings"]'), 'Meine Einstellungen');
    await assertText(page.getByRole('heading', { level: 2 }), 'Meine Einstellungen');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');

    await page.getByTestId('settings-theme').getByText('Dunkel').click();
    await page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark');
    await setTimeZone(page, 'Asia/Tokyo');
    await page.getByTestId('settings-save-state').getByText('Gespeichert', { exact: true }).waitFor();
    await shot(page, 'settings-de-dark');
    assert.deepEqual(errors.map((e) => e.stack), []);
    await context.close();

    // Restart: a new process on the same data folder.
    await app.stop();
    app = await startApp({ dataDir });
    const second = await openApp(browser, app);
    await assertText(second.page.locator('nav a[href="#/"]'), 'Start');
    await second.page.waitForFunction(() => document.documentElement.getAttribute('data-mantine-color-scheme') === 'dark');
    await gotoSettings(second.page);
    assert.equal(await second.page.getByTestId('settings-timezone').inputValue(), 'Asia/Tokyo');
    await shot(second.page, 'home-de-dark-after-restart');
    await second.context.close();
  } finally {
    await app.stop();
  }
});

test('changing the time zone changes every shown timestamp', async () => {
  const app = await startApp();
  try {
    const { page, context } = await openApp(browser, app);
    await gotoSettings(page);
    await page.getByTestId('settings-locale').click();
    await page.getByRole('option', { name: /\(en-GB\)/ }).click();
    await setTimeZone(page, 'UTC');
    await page.getByTestId('settings-save-state').getByText('Saved', { exact: true }).waitFor();
    const lastSavedUtc = await page.getByTestId('settings-last-saved').innerText();
    const utc = await page.getByTestId('settings-preview').innerText();

    await setTimeZone(page, 'Pacific/Kiritimati'); // UTC+14: the date or hour always differs
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="settings-preview"]').textContent !== before,
      utc,
    );
    const kiri = await page.getByTestId('settings-preview').innerText();
    const hour = (s) => Number(s.match(/(\d{1,2}):\d{2}/)[1]);
    assert.equal((hour(utc) + 14) % 24, hour(kiri), `${utc} -> ${kiri}`);
    // The stored "last saved" time is shown through the same formatter.
    const lastSaved = await page.getByTestId('settings-last-saved').innerText();
    assert.notEqual(lastSaved, lastSavedUtc);
    await context.close();
  } finally {
    await app.stop();
  }
});

test('a bad value shows an error at the field and changes nothing', async () => {
  const app = await startApp();
  try {
    const { page, context } = await openApp(browser, app);
    await gotoSettings(page);
    await setTimeZone(page, 'Europe/Berlin');
    await page.getByTestId('settings-save-state').getByText('Saved', { exact: true }).waitFor();
    const before = await page.evaluate(() => window.go.app.App.GetSettings());

    await setTimeZone(page, 'Mars/Olympus');
    const alert = page.getByText('“Mars/Olympus” is not a known time zone. Pick one from the list.');
    await alert.waitFor();
    // What the user typed stays in the field for them to correct.
    assert.equal(await page.getByTestId('settings-timezone').inputValue(), 'Mars/Olympus');
    await shot(page, 'settings-error-en');

    // The bindings themselves refuse bad values with a translatable error.
    const rejected = await page.evaluate(async () => {
      try {
        await window.go.app.App.UpdateSettings({ language: 'xx', theme: 'dark' });
        return null;
      } catch (e) {
        return JSON.parse(String(e.message ?? e));
      }
    });
    assert.equal(rejected.reason, 'unknown_language');
    assert.equal(rejected.field, 'language');

    const afterwards = await page.evaluate(() => window.go.app.App.GetSettings());
    assert.deepEqual(afterwards, before);
    await page.reload();
    await page.getByTestId('settings-preview').waitFor();
    assert.equal(await page.getByTestId('settings-timezone').inputValue(), 'Europe/Berlin');
    await context.close();
  } finally {
    await app.stop();
  }
});

test('every screen shows content, not a blank, in both themes', async () => {
  const app = await startApp();
  try {
    for (const scheme of ['light', 'dark']) {
      const { page, context } = await openApp(browser, app, { colorScheme: scheme });
      // Each screen's main content, or its empty state where there is
      // nothing yet (no cases; My Account arrives with the server).
      const screens = { knowledge: 'kb-search', contact: 'case-subject', cases: 'empty-state', account: 'empty-state' };
      for (const [path, testId] of Object.entries(screens)) {
        await page.locator(`nav a[href="#/${path}"]`).click();
        // The link marks the screen as current once it has switched (the
        // previous screen may have the same kind of content).
        await page.locator(`nav a[href="#/${path}"][aria-current="page"]`).waitFor();
        await page.getByTestId(testId).first().waitFor();
        if (testId === 'empty-state') assert.ok((await page.getByTestId('empty-state').first().innerText()).length > 20);
        await shot(page, `${path}-${scheme}`);
      }
      await context.close();
    }
  } finally {
    await app.stop();
  }
});

async function assertText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 5000 });
}
