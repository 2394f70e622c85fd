// First run end to end, with the real central server (e2e/server.mjs) and
// the real app: the app comes set up for the vendor's server, so signing
// in asks for e-mail and password only; the invitation e-mail's
// supportportal:// link opens the app on "Choose your password" (started
// with the link as its argument, and handed to the running app by a second
// launch that the desktop's URL handler makes: xdg-open through
// build/linux/supportportal.desktop), and choosing one signs in. The
// browser's set-password page offers "Open in the app". Screenshots of the
// new screens in English and German, light and dark, are checked with axe.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { freePort, launchBrowser, openApp, root, shot, startApp } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';

const OWNER = 'owner@contoso.example';
const LOOKS = [
  ['en', 'light'],
  ['en', 'dark'],
  ['de', 'light'],
  ['de', 'dark'],
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const go = (page, method, ...args) => page.evaluate(([m, a]) => window.go.app.App[m](...a), [method, args]);

/** Language and theme as the person sets them; the page reloads. */
async function setLook(page, language, theme) {
  await go(page, 'UpdateSettings', { language, theme });
  await page.reload();
  await page.getByRole('navigation').waitFor();
  await page.waitForFunction(
    ([l, th]) => document.documentElement.lang === l && document.documentElement.getAttribute('data-mantine-color-scheme') === th,
    [language, theme],
  );
}

/** Serious and critical axe violations on the page as it is now. */
async function violations(page, screen) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

/** A session D-Bus of the test's own: the single-instance lock's channel on Linux. */
async function privateBus() {
  const proc = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const address = await new Promise((res, rej) => {
    proc.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) res(out.trim());
    });
    proc.on('exit', (code) => rej(new Error(`dbus-daemon exited (${code})`)));
  });
  return { address, stop: () => proc.kill('SIGTERM') };
}

/**
 * The desktop's URL handler: build/linux/supportportal.desktop installed as
 * its README says, in a home of the test's own, with `supportportal` on
 * PATH being the dev binary. open(link) is `xdg-open link`, which runs the
 * entry's Exec line with the link; it resolves with xdg-open's exit code
 * once the process it started has exited.
 */
function urlHandler(env) {
  const home = mkdtempSync(join(tmpdir(), 'supportportal-xdg-'));
  const bin = join(home, 'bin');
  const apps = join(home, 'data', 'applications');
  mkdirSync(bin);
  mkdirSync(apps, { recursive: true });
  symlinkSync(join(root, 'build/bin/supportportal-dev'), join(bin, 'supportportal'));
  copyFileSync(join(root, 'build/linux/supportportal.desktop'), join(apps, 'supportportal.desktop'));
  const xdgEnv = {
    ...process.env,
    ...env,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_DIRS: '/nonexistent',
    PATH: `${bin}:${process.env.PATH}`,
    XDG_CURRENT_DESKTOP: '',
    DESKTOP_SESSION: '',
    // Were no handler found, xdg-open would fall back to a web browser.
    BROWSER: 'false',
  };
  const run = (cmd, args) =>
    new Promise((res) => {
      execFile(cmd, args, { env: xdgEnv, cwd: root, timeout: 30_000 }, (err, stdout, stderr) => res({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
    });
  return {
    async install() {
      const set = await run('xdg-mime', ['default', 'supportportal.desktop', 'x-scheme-handler/supportportal']);
      assert.equal(set.code, 0, set.stderr);
      const q = await run('xdg-mime', ['query', 'default', 'x-scheme-handler/supportportal']);
      assert.equal(q.stdout.trim(), 'supportportal.desktop');
    },
    open: (link) => run('xdg-open', [link]),
  };
}

test('the link in the invitation e-mail starts the app on Choose your password and signs in', { timeout: 240_000 }, async () => {
  const server = await startServer();
  const mail = await server.invite(OWNER);
  const token = new URL(mail.web).searchParams.get('token');
  assert.equal(mail.app, `supportportal://set-password?token=${token}&server=${encodeURIComponent(server.url)}`);

  // The browser's page stays the fallback, with a button that opens the app.
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 760 } });
  const web = await ctx.newPage();
  await web.goto(mail.web);
  const button = web.getByRole('link', { name: 'Open in the Support Portal app' });
  assert.equal(await button.getAttribute('href'), mail.app);
  await web.getByLabel('New password').waitFor();
  await shot(web, 'firstrun-browser-set-password');
  await ctx.close();

  // The app as the system starts it for the link, set up for the server
  // on the command line.
  const app = await startApp({ args: ['--server', server.url, mail.app], env: { SUPPORTPORTAL_NO_KEYCHAIN: '1' } });
  try {
    const { page, context, errors } = await openApp(browser, app);
    const dialog = page.getByRole('dialog', { name: 'Choose your password' });
    await dialog.waitFor();
    assert.match(await dialog.innerText(), new RegExp(`Server: ${server.url.replace(/[.]/g, '\\.')}`));
    assert.match(await dialog.innerText(), /At least 10 characters\./);

    // The screen in both languages and themes; the link waits in the app
    // through a reload.
    const found = [];
    for (const [language, theme] of LOOKS) {
      await setLook(page, language, theme);
      await page.getByRole('dialog').getByTestId('set-password-new').waitFor();
      found.push(...(await violations(page, `set-password ${language}/${theme}`)));
      await shot(page, `firstrun-set-password-${language}-${theme}`);
    }
    assert.deepEqual(found, []);
    await setLook(page, 'en', 'light');

    // The passwords must match; then the server's rule applies.
    await dialog.getByTestId('set-password-new').fill(PASSWORD);
    await dialog.getByTestId('set-password-repeat').fill('something else');
    await dialog.getByTestId('set-password-submit').click();
    await dialog.getByText('The two passwords are not the same.').waitFor();
    await dialog.getByTestId('set-password-new').fill('short');
    await dialog.getByTestId('set-password-repeat').fill('short');
    await dialog.getByTestId('set-password-submit').click();
    await dialog.getByText('The password is too short.').waitFor();

    await dialog.getByTestId('set-password-new').fill(PASSWORD);
    await dialog.getByTestId('set-password-repeat').fill(PASSWORD);
    await dialog.getByTestId('set-password-submit').click();
    await dialog.waitFor({ state: 'detached' });
    // Signed in: the home screen says as whom.
    const who = page.getByTestId('home-account');
    await who.getByText('Signed in as Olivia Owner').waitFor();
    await who.getByText(`${OWNER} · Contoso`).waitFor();
    await page.getByTestId('outbox-count').filter({ hasText: 'Synced' }).waitFor({ timeout: 30_000 });
    await shot(page, 'firstrun-signed-in-home');

    // The server has the password; the token is spent, and never logged.
    assert.ok(await server.signIn(OWNER));
    await assert.rejects(server.api('POST', '/v1/auth/set-password', { token, password: 'another long password' }), /404/);
    assert.ok(!app.log().includes(token), 'the token is in the app log');
    assert.match(app.log(), /preconfigured server" url=http:\/\/127\.0\.0\.1:\d+ from=--server/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
    await server.stop();
  }
});

test('set up for a server, sign-in asks for e-mail and password; a link opened by the desktop reaches the running app', { timeout: 300_000 }, async () => {
  const server = await startServer();
  const bus = await privateBus();
  // NO_AT_BRIDGE: GTK would start the accessibility bus's services on it.
  const env = { SUPPORTPORTAL_NO_KEYCHAIN: '1', SUPPORTPORTAL_SERVER: server.url, DBUS_SESSION_BUS_ADDRESS: bus.address, NO_AT_BRIDGE: '1' };
  const app = await startApp({ env });
  try {
    const { page, context, errors } = await openApp(browser, app);
    assert.match(app.log(), /preconfigured server" url=http:\/\/127\.0\.0\.1:\d+ from=SUPPORTPORTAL_SERVER/);

    // The sign-in form: e-mail and password only; Advanced shows the address.
    const found = [];
    for (const [language, theme] of LOOKS) {
      await setLook(page, language, theme);
      await page.evaluate(() => (location.hash = '#/account'));
      await page.getByTestId('sign-in-email').waitFor();
      assert.equal(await page.getByTestId('sign-in-server').count(), 0, 'the server address shows without Advanced');
      found.push(...(await violations(page, `sign-in ${language}/${theme}`)));
      await shot(page, `firstrun-sign-in-${language}-${theme}`);
      await page.getByTestId('sign-in-advanced').click();
      assert.equal(await page.getByTestId('sign-in-server').inputValue(), server.url);
      assert.equal(await page.getByTestId('sign-in-advanced').getAttribute('aria-expanded'), 'true');
      found.push(...(await violations(page, `sign-in advanced ${language}/${theme}`)));
      await shot(page, `firstrun-sign-in-advanced-${language}-${theme}`);
    }
    assert.deepEqual(found, []);
    await setLook(page, 'en', 'light');

    // The desktop's handler for supportportal:// (xdg-open and the .desktop
    // entry) starts a second copy with the link; it hands the link to this
    // one over D-Bus and exits.
    const handler = urlHandler({ ...env, SUPPORTPORTAL_DATA_DIR: app.dataDir, devserver: `127.0.0.1:${await freePort()}` });
    await handler.install();
    const dialog = page.getByRole('dialog', { name: 'Choose your password' });

    // A link for another server is refused, before anything is sent there.
    const mail = await server.invite(OWNER);
    const token = new URL(mail.web).searchParams.get('token');
    const hostile = `supportportal://set-password?token=${token}&server=${encodeURIComponent('https://evil.example')}`;
    // The second copy exits 1 after handing over (Wails), which xdg-open
    // reports as 4: its handler ran (3 would be: none found).
    const r1 = await handler.open(hostile);
    assert.equal(r1.code, 4, `xdg-open: ${r1.code} ${r1.stderr}`);
    await dialog.getByTestId('link-error').filter({ hasText: `This link is for https://evil.example, but this app is set up for ${server.url}.` }).waitFor();
    await shot(page, 'firstrun-link-other-server');
    await dialog.getByTestId('link-error-close').click();
    await dialog.waitFor({ state: 'detached' });

    // The invitation's link: Choose your password, in the running window.
    const r2 = await handler.open(mail.app);
    assert.equal(r2.code, 4, `xdg-open: ${r2.code} ${r2.stderr}`);
    await dialog.waitFor();
    assert.equal(app.proc.exitCode, null, 'the running app must keep running');
    await dialog.getByTestId('set-password-new').fill(PASSWORD);
    await dialog.getByTestId('set-password-repeat').fill(PASSWORD);
    await dialog.getByTestId('set-password-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('home-account').getByText('Signed in as Olivia Owner').waitFor();
    await page.evaluate(() => (location.hash = '#/account'));
    await page.getByTestId('account-card').getByText(OWNER).waitFor();
    assert.ok(!app.log().includes(token), 'the token is in the app log');
    assert.match(app.log(), /link refused" reason=link_other_server/);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await app.stop();
    bus.stop();
    await server.stop();
  }
});
