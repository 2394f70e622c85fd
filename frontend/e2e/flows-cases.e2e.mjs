// Case flows end to end, in Chromium against the real bindings and the real
// server binary: the first sync of a company with 231 cases (its progress
// in the status area), the case list's search, status filter, sort and
// paging, a colleague's attachment opened and saved (downloaded with
// progress), and files dropped on the comment box (uploaded with
// progress). One server and one app serve the file; the tests run in order.
// The app reaches the server over a slow link (slowlink.mjs), so that the
// progress it shows lasts long enough to be seen.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { cancelDialog, saveAs } from './dialogs.mjs';
import { launchBrowser, openApp, shot, startApp, waitUntil } from './harness.mjs';
import { PASSWORD, startServer } from './server.mjs';
import { startSlowLink } from './slowlink.mjs';

const pad = (n) => String(n).padStart(3, '0');
const PRIORITIES = ['low', 'medium', 'high', 'urgent'];
const OWN = 230; // the owner's cases; a colleague's makes 231
// Numbers the support team moves on, in this order (the last moved is the
// most recently updated).
const MOVES = [
  ...[3, 6, 9, 12, 15].map((n) => [n, 'in_progress']),
  ...[20, 21, 22].map((n) => [n, 'waiting_on_customer']),
  ...[30, 31, 32, 33].map((n) => [n, 'solved']),
  ...[40, 41].map((n) => [n, 'closed']),
];
const subjectOf = (n) => (n === 17 ? 'Certificates print blank after the update' : `Batch case ${pad(n)}`);

// The colleague's files: a PDF to open (large enough for a visible
// download) and a CSV to save elsewhere.
const REPORT = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(24 << 20)]);
const CSV = Buffer.from('learner,course,completed\nana,Safety 101,yes\nbo,Safety 101,no\n');

let browser;
let server;
let link;
let app;
let agent;
let owner;
let colleagueCase;
let opened; // what the desktop was asked to open, one line per file
before(async () => {
  server = await startServer();
  await server.setPassword('owner@contoso.example');
  await server.setPassword('agent@northwind.example');
  owner = await server.signIn('owner@contoso.example');
  agent = await server.signIn('agent@northwind.example');
  // 230 cases, pushed the way the app pushes them (100 to a batch); the
  // server numbers them 1..230 in order.
  const mutations = Array.from({ length: OWN }, (_, i) => ({
    id: randomUUID(), kind: 'case.create',
    payload: {
      caseId: randomUUID(), subject: subjectOf(i + 1), categoryId: 'courses', subcategoryId: 'courses.content', priority: PRIORITIES[i % 4],
      description: i + 1 === 17 ? 'The certificate PDF is empty since the update.' : `Case number ${i + 1} of the batch.`,
      followUpOf: '', attachments: [], createdAt: new Date().toISOString(),
    },
  }));
  for (let i = 0; i < mutations.length; i += 100) {
    const r = await server.api('POST', '/v1/push', { mutations: mutations.slice(i, i + 100) }, owner);
    assert.ok(r.results.every((x) => x.result === 'applied'), JSON.stringify(r.results.find((x) => x.result !== 'applied')));
  }
  // A colleague's case with two files.
  const colleague = await server.addColleague(owner, agent, { firstName: 'Ada', lastName: 'Admin', email: 'ada@contoso.example' });
  assert.ok(colleague);
  colleagueCase = await server.createCase(await server.signIn('ada@contoso.example'), {
    subject: 'Completion report from Ada', priority: 'high',
    files: [{ name: 'completion report.pdf', bytes: REPORT, mimeType: 'application/pdf' }, { name: 'learners.csv', bytes: CSV, mimeType: 'text/csv' }],
  });
  const byNumber = new Map(mutations.map((m, i) => [i + 1, m.payload.caseId]));
  for (const [n, status] of MOVES) {
    await server.api('POST', `/v1/agent/cases/${byNumber.get(n)}/status`, { status, solution: status === 'solved' ? 'Fixed in 4.2.' : '' }, agent);
  }

  // The system's "open with" is a stand-in that notes the file it was
  // given: the app hands it a file:// URL as it would xdg-open.
  const stubs = mkdtempSync(join(tmpdir(), 'e2e-xdg-'));
  opened = join(stubs, 'opened.log');
  writeFileSync(join(stubs, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(join(stubs, 'xdg-open'), 0o755);
  link = await startSlowLink(server.url);
  browser = await launchBrowser();
  app = await startApp({ env: { SUPPORTPORTAL_NO_KEYCHAIN: '1', PATH: `${stubs}:${process.env.PATH}` } });
});
after(async () => {
  await app?.stop();
  await browser?.close();
  await link?.stop();
  await server?.stop();
});

function sql(query) {
  return execFileSync('sqlite3', [join(app.dataDir, 'portal.db'), query], { encoding: 'utf8' }).trim();
}

/**
 * Records, from now on, every state the status area's progress shows
 * (they come and go within a sync); read it back with progressSeen().
 */
async function watchProgress(page) {
  await page.evaluate(() => {
    const seen = (window.__progress = []);
    const note = () => {
      for (const id of ['sync-progress', 'transfer-progress']) {
        const el = document.querySelector(`[data-testid="${id}"]`);
        if (!el) continue;
        const bar = el.querySelector('[role="progressbar"]');
        const entry = { id, text: el.textContent, value: bar ? Number(bar.getAttribute('aria-valuenow')) : null };
        const last = seen.at(-1);
        if (!last || last.id !== entry.id || last.text !== entry.text || last.value !== entry.value) seen.push(entry);
      }
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}
const progressSeen = (page) => page.evaluate(() => window.__progress);

/** The case list as shown: number, subject, status and priority of each row. */
async function rows(page) {
  return page.getByTestId('case-row').evaluateAll((trs) =>
    trs.map((tr) => {
      const td = tr.querySelectorAll('td');
      return { number: td[0].textContent, subject: td[1].textContent, status: td[3].textContent, priority: td[4].textContent };
    }),
  );
}

/** Waits until the list shows a settled page whose rows satisfy pred. */
async function listWhere(page, pred, what) {
  return waitUntil(async () => {
    if ((await page.locator('[data-testid="cases-table"][aria-busy="true"]').count()) > 0) return false;
    const r = await rows(page);
    return pred(r) ? r : false;
  }, what);
}

const countText = (page) => page.getByText(/^\d+ cases?$/).innerText();

test('first sync of 231 cases shows its progress; the list pages, sorts, filters and searches', async () => {
  const { page, context, errors } = await openApp(browser, app);
  await page.locator('nav a[href="#/account"]').click();
  await page.getByTestId('sign-in-server').fill(link.url);
  await page.getByTestId('sign-in-email').fill('owner@contoso.example');
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await watchProgress(page);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('account-card').waitFor();
  await waitUntil(() => sql('SELECT count(*) FROM support_case') === '231', 'the first sync');
  await page.getByTestId('outbox-count').filter({ hasText: 'Synced' }).waitFor();
  await page.getByTestId('sync-progress').waitFor({ state: 'detached' });
  // The pull came in two pages (200 a page): the status area counted them.
  const syncSteps = (await progressSeen(page)).filter((p) => p.id === 'sync-progress').map((p) => p.text);
  assert.ok(syncSteps.includes('Syncing… 200 items received'), `seen: ${syncSteps}`);
  assert.ok(syncSteps.every((s) => /^Syncing… \d+ items? received$/.test(s)), `seen: ${syncSteps}`);
  const counts = syncSteps.map((s) => Number(/\d+/.exec(s)[0]));
  assert.deepEqual(counts, [...counts].sort((a, b) => a - b), `the count went back: ${syncSteps}`);

  // The list: newest change first, 25 to a page, 10 pages.
  await page.locator('nav a[href="#/cases"]').click();
  let r = await listWhere(page, (x) => x.length === 25, 'the first page');
  assert.equal(await countText(page), '231 cases');
  assert.deepEqual(r.slice(0, 3).map((x) => [x.number, x.status]), [['#41', 'Closed'], ['#40', 'Closed'], ['#33', 'Solved']]);
  await shot(page, 'flows-cases-list');
  const pager = page.locator('.mantine-Pagination-root');
  assert.deepEqual(await pager.getByRole('button').allInnerTexts().then((b) => b.filter(Boolean).at(-1)), '10');

  // Sort by number: ascending, then descending; the header says which.
  const numberHeader = page.getByRole('columnheader', { name: 'Number' });
  await numberHeader.getByRole('button').click();
  r = await listWhere(page, (x) => x[0].number === '#1', 'ascending numbers');
  assert.deepEqual(r.map((x) => x.number), Array.from({ length: 25 }, (_, i) => `#${i + 1}`));
  assert.equal(await numberHeader.getAttribute('aria-sort'), 'ascending');
  assert.equal(r[16].subject, 'Certificates print blank after the update');
  assert.equal(r[0].priority, 'Low');
  assert.equal(r[3].priority, 'Urgent');
  await pager.getByRole('button', { name: 'Next page' }).click();
  r = await listWhere(page, (x) => x[0].number === '#26', 'page 2');
  assert.deepEqual(r.map((x) => x.number), Array.from({ length: 25 }, (_, i) => `#${i + 26}`));
  await pager.getByRole('button', { name: '10', exact: true }).click();
  r = await listWhere(page, (x) => x[0].number === '#226', 'the last page');
  assert.deepEqual(r.map((x) => x.number), ['#226', '#227', '#228', '#229', '#230', '#231']);
  assert.equal(r[5].subject, 'Completion report from Ada');
  assert.ok(await pager.getByRole('button', { name: 'Next page' }).isDisabled());
  // Another order starts again at page 1.
  await numberHeader.getByRole('button').click();
  r = await listWhere(page, (x) => x[0].number === '#231', 'descending numbers');
  assert.deepEqual(r.map((x) => x.number), Array.from({ length: 25 }, (_, i) => `#${231 - i}`));
  assert.equal(await numberHeader.getAttribute('aria-sort'), 'descending');
  assert.equal(await pager.locator('[data-active]').innerText(), '1');

  // Sort by status: New before In Progress ... before Closed, and back.
  const statusHeader = page.getByRole('columnheader', { name: 'Status' });
  const order = ['New', 'In Progress', 'Waiting on Customer', 'Solved', 'Closed'];
  await statusHeader.getByRole('button').click();
  r = await listWhere(page, (x) => x.every((y) => y.status === 'New'), 'status ascending');
  await statusHeader.getByRole('button').click();
  r = await listWhere(page, (x) => x[0].status === 'Closed', 'status descending');
  assert.deepEqual(r.slice(0, 14).map((x) => x.status), ['Closed', 'Closed', 'Solved', 'Solved', 'Solved', 'Solved', 'Waiting on Customer', 'Waiting on Customer', 'Waiting on Customer', 'In Progress', 'In Progress', 'In Progress', 'In Progress', 'In Progress']);
  assert.ok(r.slice(14).every((x) => x.status === 'New'));
  assert.deepEqual([...new Set(r.map((x) => x.status))], [...order].reverse());
  // Priority: highest first when descending.
  const prioHeader = page.getByRole('columnheader', { name: 'Priority' });
  await prioHeader.getByRole('button').click();
  await prioHeader.getByRole('button').click();
  r = await listWhere(page, (x) => x.every((y) => y.priority === 'Urgent'), 'urgent first');
  assert.equal(await prioHeader.getAttribute('aria-sort'), 'descending');

  // Filter by status: one, then two; the count follows and paging goes.
  const filter = page.getByRole('combobox', { name: 'Status' });
  await filter.click();
  await page.getByRole('option', { name: 'Solved', exact: true }).click();
  r = await listWhere(page, (x) => x.length === 4, 'solved cases');
  assert.deepEqual(r.map((x) => x.status), ['Solved', 'Solved', 'Solved', 'Solved']);
  assert.deepEqual(r.map((x) => x.number).sort(), ['#30', '#31', '#32', '#33']);
  assert.equal(await countText(page), '4 cases');
  await page.getByRole('option', { name: 'Closed', exact: true }).click();
  r = await listWhere(page, (x) => x.length === 6, 'solved and closed cases');
  assert.equal(await countText(page), '6 cases');
  assert.equal(await pager.count(), 0);
  await page.keyboard.press('Escape');
  // Words within the filter: none of these six is about certificates.
  await page.getByTestId('cases-search').fill('certificates');
  await page.getByTestId('empty-state').filter({ hasText: 'No cases match' }).waitFor();
  await shot(page, 'flows-cases-no-match');
  // Clear the status filter: the certificates case is found by its words.
  await page.locator('.mantine-MultiSelect-root').locator('.mantine-InputClearButton-root').click();
  r = await listWhere(page, (x) => x.length === 1, 'one case about certificates');
  assert.deepEqual(r[0], { number: '#17', subject: 'Certificates print blank after the update', status: 'New', priority: 'Low' });
  // Words of the description count; a case number finds that case.
  await page.getByTestId('cases-search').fill('empty since the update');
  r = await listWhere(page, (x) => x.length === 1 && x[0].number === '#17', 'the case by its description');
  await page.getByTestId('cases-search').fill('#100');
  r = await listWhere(page, (x) => x.length === 1 && x[0].number === '#100', 'case #100');
  assert.equal(r[0].subject, 'Batch case 100');
  await page.getByTestId('cases-search').fill('');

  // Mine: the colleague's case is not the owner's.
  await page.getByRole('radiogroup', { name: 'Whose cases' }).getByText('Mine').click();
  await waitUntil(async () => (await countText(page)) === '230 cases', 'my cases');
  await page.getByRole('radiogroup', { name: 'Whose cases' }).getByText('All of my company').click();
  await waitUntil(async () => (await countText(page)) === '231 cases', 'all cases');
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test("a colleague's attachment: opened with the system's program and saved elsewhere, downloaded with progress", async () => {
  const { page, context, errors } = await openApp(browser, app);
  await page.goto(`${app.url}#/cases/${colleagueCase}`);
  const pdf = page.getByTestId('case-attachment').filter({ hasText: 'completion report.pdf' });
  await pdf.waitFor();
  assert.match(await pdf.innerText(), /24 MB/);
  // Neither file is on this computer yet.
  assert.equal(sql("SELECT group_concat(present) FROM (SELECT present FROM attachment WHERE owner_kind = 'case' ORDER BY name)"), '0,0');

  await watchProgress(page);
  await pdf.getByRole('button', { name: 'Open completion report.pdf' }).click();
  const url = await waitUntil(() => existsSync(opened) && readFileSync(opened, 'utf8').trim(), 'the file to be opened');
  const path = fileURLToPath(url);
  assert.ok(path.endsWith('/completion report.pdf'), path);
  assert.ok(path.startsWith(app.dataDir), `${path} is outside the data folder`);
  assert.equal(createHash('sha256').update(readFileSync(path)).digest('hex'), createHash('sha256').update(REPORT).digest('hex'));
  // The download showed its progress by name and moved forward.
  const steps = (await progressSeen(page)).filter((p) => p.id === 'transfer-progress');
  assert.ok(steps.length > 0, 'no transfer progress was shown');
  assert.ok(steps.every((p) => p.text === 'Transferring completion report.pdf'), JSON.stringify(steps));
  assert.ok(steps.some((p) => p.value > 0 && p.value < 100), JSON.stringify(steps));
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i].value >= steps[i - 1].value, JSON.stringify(steps));
  await page.getByTestId('transfer-progress').waitFor({ state: 'detached' });

  // Save as: the user chooses where; a cancelled dialog writes nothing.
  const csv = page.getByTestId('case-attachment').filter({ hasText: 'learners.csv' });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-save-'));
  await csv.getByRole('button', { name: 'Save learners.csv as…' }).click();
  await cancelDialog({ pid: app.proc.pid });
  await csv.getByRole('button', { name: 'Save learners.csv as…' }).click();
  await saveAs({ pid: app.proc.pid }, join(dir, 'learners from Ada.csv'));
  const saved = await waitUntil(() => existsSync(join(dir, 'learners from Ada.csv')) && readFileSync(join(dir, 'learners from Ada.csv')), 'the saved copy');
  assert.deepEqual(saved, CSV);
  assert.equal(sql("SELECT group_concat(present) FROM (SELECT present FROM attachment WHERE owner_kind = 'case' ORDER BY name)"), '1,1');
  assert.equal(await page.getByRole('alert').count(), 0);
  await shot(page, 'flows-cases-colleague-files');
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});

test('files dropped on the comment box go with the comment; the upload shows progress and reaches the server', async () => {
  const { page, context, errors } = await openApp(browser, app);
  const kase = sql("SELECT id FROM support_case WHERE number = 17");
  await page.goto(`${app.url}#/cases/${kase}`);
  await page.getByTestId('comment-body').waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'e2e-drop-'));
  const big = randomBytes(40 << 20);
  writeFileSync(join(dir, 'screen recording.webm'), big);
  writeFileSync(join(dir, 'console.log'), 'TypeError: certificate is undefined\n');

  // Drop both on the comment box's zone: the message the native drop
  // sends to Go (Wails' "DD:x:y:paths"), which grants the paths and hands
  // the page tokens.
  const zone = page.getByTestId('attach-zone');
  await zone.scrollIntoViewIfNeeded();
  const box = await zone.boundingBox();
  await page.evaluate(([x, y, paths]) => window.WailsInvoke(`DD:${x}:${y}:${paths.join('\n')}`), [
    Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2), [join(dir, 'screen recording.webm'), join(dir, 'console.log')],
  ]);
  await page.getByTestId('attachment').filter({ hasText: 'screen recording.webm' }).waitFor({ timeout: 30_000 });
  await page.getByTestId('attachment').filter({ hasText: 'console.log' }).waitFor();
  // A drop outside the zone attaches nothing.
  await page.evaluate((p) => window.WailsInvoke(`DD:5:5:${p}`), join(dir, 'console.log'));
  await page.getByTestId('comment-body').fill('A recording of the blank certificate, and the console.');
  await watchProgress(page);
  await page.getByTestId('comment-send').click();
  const comment = page.getByTestId('comment').filter({ hasText: 'A recording of the blank certificate' });
  await comment.waitFor();
  assert.equal(await page.getByTestId('attachment').count(), 0, 'the comment box is empty again');

  // The server gets the comment and both files, byte for byte.
  const sum = createHash('sha256').update(big).digest('hex');
  const detail = await waitUntil(async () => {
    const d = await server.api('GET', `/v1/agent/cases/${kase}`, null, agent);
    const m = d.comments.find((c) => c.body.startsWith('A recording of the blank certificate'));
    if (!m) return false;
    const f = await fetch(`${server.url}/v1/files/${sum}`, { method: 'HEAD', headers: { Authorization: `Bearer ${agent}` } });
    return f.ok ? m : false;
  }, 'the comment and its files on the server', 60_000);
  assert.deepEqual(detail.attachments.map((a) => [a.name, a.size]).sort(), [['console.log', 36], ['screen recording.webm', 40 << 20]]);
  const got = Buffer.from(await (await fetch(`${server.url}/v1/files/${sum}`, { headers: { Authorization: `Bearer ${agent}` } })).arrayBuffer());
  assert.ok(got.equals(big), 'the uploaded file differs');
  const steps = (await progressSeen(page)).filter((p) => p.id === 'transfer-progress' && p.text === 'Transferring screen recording.webm');
  assert.ok(steps.some((p) => p.value > 0 && p.value < 100), JSON.stringify(steps));
  await page.getByTestId('transfer-progress').waitFor({ state: 'detached' });
  await comment.getByTestId('case-attachment').filter({ hasText: 'screen recording.webm' }).waitFor();
  await shot(page, 'flows-cases-comment-files');
  assert.deepEqual(errors.map((e) => e.stack), []);
  await context.close();
});
