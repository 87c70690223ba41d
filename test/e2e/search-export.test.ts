import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createEndpoint,
  signIn as apiSignIn,
  startTestServer,
  waitFor,
  type TestServer,
} from '../integration/harness.js';
import {
  describeInBrowser,
  launchChromium,
  screenshot,
  watchConsole,
  ensureUiBuilt,
  signInThroughUi,
} from './browser.js';

// Issue 15, "Find a submission", through the admin in a real browser: a business user types the
// email of a person who filled in the site's form, finds that person's run by the words of its
// body, sees the body's preview in the list, and downloads the filtered list as CSV.

const PIN_LANGUAGE = (language: string) => `localStorage.setItem('scriptgate.language', '${language}')`;
const SUBMISSIONS = [
  { name: 'Ann Lee', email: 'ann@example.com', message: 'Please send the price list' },
  { name: 'Jane Doe', email: 'jane@example.com', message: 'Call me back tomorrow' },
  { name: 'Bob Roe', email: 'bob@example.org', message: '=HYPERLINK("http://evil.test")' },
];

describeInBrowser('finding a submission and exporting it in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  let consoleProblems: string[];

  async function signIn(page: Page, email: string, password: string) {
    await signInThroughUi(page, server.url, email, password);
    await page.goto(`${server.url}/processes`);
    await page.getByRole('heading', { name: 'Processes', level: 1 }).waitFor();
  }

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    const api = await apiSignIn(server.url);
    const endpoint = await createEndpoint(
      api,
      'contact-form',
      `export default async function handler(request, ctx) {
         ctx.log.info('new lead from ' + request.body.name)
         return { ok: true }
       }`,
    );
    for (const body of SUBMISSIONS) {
      const res = await fetch(`${server.url}/api/webrequest/contact-form`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body).toString(),
      });
      expect(res.status).toBe(200);
    }
    await waitFor(async () => {
      const page = await api.call('GET', `/processes?endpointId=${endpoint.id}&status=succeeded`);
      return (page.body.items as unknown[]).length === SUBMISSIONS.length;
    });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 860 },
      locale: 'en-US',
      acceptDownloads: true,
    });
    await context.addInitScript(PIN_LANGUAGE('en'));
    admin = await context.newPage();
    consoleProblems = watchConsole(admin);
  });

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  it('finds Jane’s submission by her email and shows its body in the list', async () => {
    await signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
    const rows = admin.locator('[data-testid="process-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(SUBMISSIONS.length);

    await admin.getByLabel('Search').fill('jane@example.com');
    await expect.poll(() => rows.count()).toBe(1);
    await expect
      .poll(() => rows.first().getByTestId('body-preview').textContent())
      .toBe('name: Jane Doe · email: jane@example.com · message: Call me back tomorrow');
    expect(new URL(admin.url()).searchParams.get('q')).toBe('jane@example.com');

    // A word of the log text, from its start, finds the run as well.
    await admin.getByLabel('Search').fill('new lead from bo');
    await expect.poll(() => rows.first().getByTestId('body-preview').textContent()).toMatch(/^name: Bob Roe/);
    await expect.poll(() => rows.count()).toBe(1);
    await screenshot(admin, 'search-01-found-by-log-text');
  });

  it('downloads the filtered list as CSV that a spreadsheet opens safely', async () => {
    await admin.getByLabel('Search').fill('example.com');
    const rows = admin.locator('[data-testid="process-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(2);

    await admin.getByTestId('export-menu').locator('summary').click();
    await screenshot(admin, 'search-02-export-menu');
    const [download] = await Promise.all([
      admin.waitForEvent('download'),
      admin.getByRole('link', { name: /^CSV/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^scriptgate-processes-\d{8}T\d{6}Z\.csv$/);
    const file = await download.path();
    const csv = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^id,queuedAt,.*,body$/);
    expect(lines).toHaveLength(3);
    expect(csv).toContain('jane@example.com');
    expect(csv).toContain('ann@example.com');
    expect(csv).not.toContain('bob@example.org');
  });

  it('shows the body column and the export menu in Russian', async () => {
    // The same session in a context whose pages start in Russian.
    const ru = await browser.newContext({ storageState: await context.storageState(), locale: 'ru-RU' });
    await ru.addInitScript(PIN_LANGUAGE('ru'));
    const russian = await ru.newPage();
    await russian.goto(`${server.url}/processes?q=jane%40example.com`);
    await russian.getByRole('columnheader', { name: 'Тело' }).waitFor();
    await russian.getByTestId('export-menu').getByText('Экспорт', { exact: true }).click();
    await russian.getByRole('link', { name: /^CSV/ }).waitFor();
    await expect.poll(() => russian.locator('[data-testid="process-table"] tbody tr').count()).toBe(1);
    await screenshot(russian, 'search-03-russian');
    await ru.close();
  });
});
