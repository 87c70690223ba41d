import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../integration/harness.js';
import {
  describeInBrowser,
  launchChromium,
  screenshot,
  watchConsole,
  ensureUiBuilt,
  PIN_ENGLISH,
  signInThroughUi,
} from './browser.js';
import { startCrossOriginSite, type CrossOriginSite } from './cross-origin-site.js';

const VIEWER = { email: 'viewer@example.test', password: 'viewer-password-1' };
const SLUG = 'contact-form';

describeInBrowser('admin UI in a real browser', () => {
  let server: TestServer;
  let site: CrossOriginSite;
  let browser: Browser;
  let adminContext: BrowserContext;
  let admin: Page;
  let consoleProblems: string[];
  let endpointUrl = '';
  let processUrl = '';

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    site = await startCrossOriginSite();
    browser = await launchChromium();
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await adminContext.addInitScript(PIN_ENGLISH);
    admin = await adminContext.newPage();
    consoleProblems = watchConsole(admin);
  });

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  it('signs in with the admin credentials', async () => {
    await admin.goto(`${server.url}/`);
    await admin.waitForURL(/\/sign-in/);
    await screenshot(admin, '01-sign-in');
    await admin.getByLabel('Email').fill(ADMIN_EMAIL);
    await admin.getByLabel('Password').fill('not the password');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('Wrong email or password', { exact: false }).waitFor();
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Endpoints', level: 1 }).waitFor();
    await admin.getByText('No endpoints yet').waitFor();
    await screenshot(admin, '02-endpoints-empty');
  });

  it('creates an endpoint from the "Form to JSON with CORS" template', async () => {
    await admin.getByRole('link', { name: 'New endpoint' }).first().click();
    await admin.getByRole('heading', { name: 'New endpoint' }).waitFor();
    await admin.getByRole('radio', { name: /Form to JSON with CORS/ }).check();
    await admin.getByRole('radio', { name: 'TypeScript' }).check();
    await admin.getByLabel(/^Slug/).fill(SLUG);
    await admin.getByLabel('Name', { exact: true }).fill('Contact form');
    await admin.getByLabel('Allowed origins').fill(site.origin);
    await screenshot(admin, '03-endpoint-new');
    await admin.getByRole('button', { name: 'Create and open the editor' }).click();
    await admin.waitForURL(/\/endpoints\/[^/]+$/);
    await admin.locator('.monaco-editor .view-lines').waitFor();
    endpointUrl = (await admin.getByTestId('endpoint-url').textContent())!.trim();
    expect(endpointUrl).toBe(`${server.url}/api/webrequest/${SLUG}`);
    await expect.poll(() => admin.locator('.monaco-editor .view-lines').textContent()).toContain('ScenarioContext');
  });

  it('marks a TypeScript type error in the editor and clears it when fixed', async () => {
    await admin.locator('.monaco-editor .view-lines').click();
    await admin.keyboard.press('Control+End');
    await admin.keyboard.type('const attempts: number = "three";');
    // Monaco's TypeScript worker reports it as a squiggle and in the problems list.
    await admin.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await admin.getByText("Type 'string' is not assignable to type 'number'.", { exact: false }).first().waitFor();
    expect(await admin.getByTestId('problem-count').textContent()).toBe('1 error');
    await screenshot(admin, '04-editor-type-error');
    await admin.keyboard.press('Home');
    await admin.keyboard.press('Shift+End');
    await admin.keyboard.type('const greeting: string = "Thanks, we will answer soon";');
    await expect.poll(() => admin.getByTestId('problem-count').textContent(), { timeout: 30_000 }).toBe('0 errors');
  });

  it('test-runs the unsaved draft with Ctrl+Enter', async () => {
    await admin.locator('.monaco-editor .view-lines').click();
    await admin.keyboard.press('Control+Enter');
    const result = admin.getByTestId('test-run-result');
    await result.waitFor({ timeout: 60_000 });
    await expect.poll(() => result.textContent()).toContain('200');
    expect(await result.locator('.code-block').textContent()).toContain('jane@example.com');
    await screenshot(admin, '05-editor-test-run');
  });

  it('shows a failing run’s error and highlights its line in the editor', async () => {
    await admin.locator('.monaco-editor .view-lines').click();
    await admin.keyboard.press('Control+Home');
    await admin.keyboard.press('End');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type("throw new Error('boom at line two');");
    await admin.getByTestId('run-test').click();
    await admin.getByText('boom at line two', { exact: false }).first().waitFor({ timeout: 60_000 });
    await admin.getByRole('button', { name: 'Go to line 2' }).waitFor();
    await admin.locator('.monaco-editor .editor-line--error').first().waitFor();
    await screenshot(admin, '05b-editor-run-error');
    // Take the line out again (Monaco: delete line).
    await admin.locator('.monaco-editor .view-lines').click();
    await admin.keyboard.press('Control+Home');
    await admin.keyboard.press('ArrowDown');
    await admin.keyboard.press('Control+Shift+K');
    await expect
      .poll(() => admin.locator('.monaco-editor .view-lines').textContent())
      .not.toContain('boom at line two');
  });

  it('saves the draft, then publishes it as version 2 after the diff, turning the new endpoint on', async () => {
    // A new endpoint starts off: nothing untested answers calls.
    await admin.getByTestId('endpoint-off').waitFor();
    await admin.getByTestId('save-scenario').click();
    await admin.getByTestId('draft-state').getByText('Draft saved', { exact: false }).waitFor();
    await admin.getByTestId('publish-scenario').click();
    const dialog = admin.getByRole('dialog');
    await dialog.locator('.monaco-diff-editor').waitFor();
    expect(await dialog.getByLabel(/Turn the endpoint on/).isChecked()).toBe(true);
    await dialog.getByTestId('confirm-publish').click();
    await admin.getByText('Version 2 is live', { exact: true }).waitFor();
    expect(await admin.getByTestId('endpoint-off').count()).toBe(0);
    await admin.getByRole('link', { name: 'Versions' }).click();
    await admin.locator('.monaco-diff-editor').waitFor();
    await admin.getByText('Left: version 1 · right: version 2').waitFor();
    await screenshot(admin, '06-versions-diff');
  });

  it('answers a form posted by fetch from a page on another origin, and the process appears live', async () => {
    await admin.getByRole('link', { name: 'Processes' }).first().click();
    await admin.getByText('No processes yet').waitFor();
    await admin.getByText('Live', { exact: true }).waitFor();

    const visitor = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const sitePage = await visitor.newPage();
    await sitePage.goto(site.pageUrl(endpointUrl));
    await sitePage.getByLabel('Name').fill('Jane Doe');
    await sitePage.getByLabel('Email').fill('jane.doe@example.org');
    await sitePage.getByLabel('Message').fill('<b>Hello</b> from another site');
    await sitePage.getByRole('button', { name: 'Send' }).click();
    await sitePage.getByText('HTTP 200').waitFor();
    const answer = JSON.parse((await sitePage.locator('#answer').textContent())!) as {
      ok: boolean;
      received: { email: string };
    };
    expect(answer).toMatchObject({ ok: true, received: { email: 'jane.doe@example.org' } });
    await screenshot(sitePage, '07-cross-origin-site');
    await visitor.close();

    // No reload: the row arrives over the socket.
    const row = admin.locator('[data-process-id]').filter({ hasText: SLUG });
    await row.first().waitFor();
    await expect.poll(() => row.first().textContent()).toContain('Succeeded');
    await screenshot(admin, '08-processes-live');
  });

  it('opens the process detail with request, response and logs', async () => {
    await admin.locator('[data-process-id]').first().getByRole('link').click();
    await admin.waitForURL(/\/processes\/[^/]+$/);
    processUrl = admin.url();
    await admin.getByRole('heading', { name: /Process / }).waitFor();
    await admin.getByText('jane.doe@example.org', { exact: false }).first().waitFor();
    await admin.getByText('new message from', { exact: false }).waitFor();
    // The message is shown as text: no <b> element was created from it.
    expect(await admin.locator('main b').count()).toBe(0);
    // The template mails the site owner; this server has no SMTP, so the message is recorded as refused.
    const mail = admin.getByTestId('outbound-mail');
    await mail.getByText('Refused').waitFor();
    expect(await mail.textContent()).toContain('owner@example.com');
    await screenshot(admin, '09-process-detail');
  });

  it('re-runs the process as a new one, after a confirmation that it repeats side effects', async () => {
    await admin.getByRole('button', { name: 'Re-run' }).click();
    const confirm = admin.getByRole('dialog');
    expect(await confirm.textContent()).toContain('emails are sent again');
    await confirm.getByRole('button', { name: 'Run it again' }).click();
    await admin.waitForURL((url) => url.toString() !== processUrl && /\/processes\/[^/]+$/.test(url.pathname));
    await admin.getByText('Re-run of').waitFor();
    await expect.poll(() => admin.locator('h1 .chip').textContent(), { timeout: 30_000 }).toBe('Succeeded');
  });

  it('opens a recorded request in the test-run panel and runs the draft with it', async () => {
    await admin.goto(processUrl);
    await admin.getByRole('link', { name: 'Open in test run' }).click();
    await admin.locator('.monaco-editor .view-lines').waitFor();
    expect(await admin.getByRole('radio', { name: 'From a past process' }).isChecked()).toBe(true);
    await admin.getByTestId('run-test').click();
    const result = admin.getByTestId('test-run-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.locator('.code-block').textContent()).toContain('jane.doe@example.org');
  });

  it('lets an admin add a viewer, who can read but not edit', async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByRole('button', { name: 'Add user' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel(/^Email/).fill(VIEWER.email);
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByLabel(/^Password/).fill(VIEWER.password);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await admin.getByRole('cell', { name: new RegExp(VIEWER.email) }).waitFor();
    await screenshot(admin, '10-users');

    const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await viewerContext.addInitScript(PIN_ENGLISH);
    const viewer = await viewerContext.newPage();
    await signInThroughUi(viewer, server.url, VIEWER.email, VIEWER.password);
    expect(await viewer.getByRole('link', { name: 'New endpoint' }).count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await viewer.getByRole('link', { name: 'Contact form' }).waitFor();
    await screenshot(viewer, '11-viewer-endpoints');
    await viewer.getByRole('link', { name: 'Contact form' }).click();
    await viewer.locator('.monaco-editor .view-lines').waitFor();
    await viewer.getByText('Read-only: editing scenarios needs the editor role.').waitFor();
    expect(await viewer.getByTestId('save-scenario').count()).toBe(0);
    expect(await viewer.getByTestId('run-test').count()).toBe(0);
    await screenshot(viewer, '12-viewer-editor');

    // The API refuses too, whatever the UI shows.
    const status = await viewer.evaluate(async (slug) => {
      const session = (await (await fetch('/api/admin/session')).json()) as { csrfToken: string };
      const list = (await (await fetch('/api/admin/endpoints')).json()) as {
        items: Array<{ id: string; slug: string }>;
      };
      const endpoint = list.items.find((item) => item.slug === slug)!;
      const response = await fetch(`/api/admin/endpoints/${endpoint.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ enabled: false }),
      });
      return response.status;
    }, SLUG);
    expect(status).toBe(403);

    await viewer.getByRole('button', { name: 'Русский' }).click();
    await viewer.getByRole('link', { name: 'Процессы' }).first().waitFor();
    await screenshot(viewer, '13-viewer-russian');
    await viewerContext.close();
  });

  it('lets an admin grant a secret to the endpoint in its settings, and lists the grant', async () => {
    const status = await admin.evaluate(async () => {
      const session = (await (await fetch('/api/admin/session')).json()) as { csrfToken: string };
      const response = await fetch('/api/admin/secrets/CRM_TOKEN', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ value: 'tok-e2e-123456' }),
      });
      return response.status;
    });
    expect(status).toBe(204);
    await admin.getByRole('link', { name: 'Endpoints' }).first().click();
    await admin.getByRole('link', { name: `Settings of ${SLUG}` }).click();
    await admin.getByRole('checkbox', { name: 'CRM_TOKEN' }).check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Settings saved').waitFor();
    await screenshot(admin, '14-endpoint-secrets');
    await admin.getByRole('link', { name: 'Secrets' }).click();
    await admin.getByRole('link', { name: SLUG }).waitFor();
  });

  it('protects the endpoint with an API key made in the admin: 401 without the key, 200 with it', async () => {
    await admin.getByRole('link', { name: 'Endpoints' }).first().click();
    await admin.getByRole('link', { name: `Settings of ${SLUG}` }).click();
    await admin.getByRole('radio', { name: 'API key' }).check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    // Saved: the header now shows the lock with the type the server holds.
    await admin.locator('h1').getByTestId('access-badge').getByText('API key').waitFor();
    await screenshot(admin, '15-endpoint-access-api-key');

    await admin.getByRole('link', { name: 'API keys', exact: true }).click();
    await admin.getByRole('button', { name: 'Create key' }).first().click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel(/^Name/).fill('e2e partner');
    await dialog.getByRole('checkbox', { name: new RegExp(SLUG) }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key = (await admin.getByTestId('new-api-key').textContent())!.trim();
    expect(key).toMatch(/^sgk_/);
    await screenshot(admin, '16-api-key-shown-once');
    await dialog.getByRole('button', { name: 'I have stored it' }).click();
    await admin.locator('[data-api-key="e2e partner"]').getByText('Active').waitFor();
    expect(await admin.getByTestId('new-api-key').count()).toBe(0);

    const call = (headers: Record<string, string>) =>
      fetch(endpointUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ name: 'Partner', email: 'partner@example.org', message: 'keyed call' }),
      });
    const refused = await call({});
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const allowed = await call({ authorization: `Bearer ${key}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ ok: true, received: { email: 'partner@example.org' } });
  });
});
