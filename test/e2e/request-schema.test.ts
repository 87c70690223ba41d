import { createHmac } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../integration/harness.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole, ensureUiBuilt, PIN_ENGLISH } from './browser.js';

// Issue 14 through the admin in a real browser: a request schema derived from a recorded call,
// checked as it is typed, typing the scenario in the editor (saved and draft), a test-run form
// made from it with the 422 next to its field, the public API docs, and the webhook templates.

const SLUG = 'signup';
const GITHUB_SECRET = 'gh-webhook-secret-e2e';

describeInBrowser('request schema, typed editor, form and API docs in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  let consoleProblems: string[];

  const scenarioLines = () => admin.locator('.scenario-editor .view-lines');
  /** The visible text of a Monaco editor (it renders spaces as no-break spaces). */
  const textOf = async (editor: ReturnType<Page['locator']>) =>
    ((await editor.locator('.view-lines').textContent()) ?? '').replace(/\u00a0/g, ' ');
  const problemCount = () => admin.getByTestId('problem-count').textContent();

  /** Replaces the text of a Monaco editor, and whatever it auto-closed after it. */
  async function replaceText(editor: ReturnType<Page['locator']>, text: string) {
    await editor.locator('.view-lines').click();
    await admin.keyboard.press('Control+A');
    await admin.keyboard.insertText(text);
    await admin.keyboard.press('Control+Shift+End');
    await admin.keyboard.press('Delete');
  }

  /** Adds a line at the top of the handler's body. */
  async function addFirstLine(code: string) {
    await scenarioLines().click();
    await admin.keyboard.press('Control+Home');
    await admin.keyboard.press('End');
    await admin.keyboard.press('Enter');
    await admin.keyboard.type(code);
  }

  async function removeFirstLine() {
    await scenarioLines().click();
    await admin.keyboard.press('Control+Home');
    await admin.keyboard.press('ArrowDown');
    await admin.keyboard.press('Control+Shift+K');
  }

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'en-US' });
    await context.addInitScript(PIN_ENGLISH);
    admin = await context.newPage();
    consoleProblems = watchConsole(admin);
    await admin.goto(`${server.url}/endpoints`);
    await admin.waitForURL(/\/sign-in/);
    await admin.getByLabel('Email').fill(ADMIN_EMAIL);
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByRole('heading', { name: 'Endpoints', level: 1 }).waitFor();
  });

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  it('derives a body schema from a recorded call, checks schemas as they are typed, and lists the endpoint', async () => {
    await admin.getByRole('link', { name: 'New endpoint' }).first().click();
    await admin.getByRole('radio', { name: /Blank/ }).check();
    await admin.getByRole('radio', { name: 'TypeScript' }).check();
    await admin.getByLabel(/^Slug/).fill(SLUG);
    await admin.getByLabel('Name', { exact: true }).fill('Sign-up');
    // Called at once below: created on (a new endpoint starts off otherwise).
    await admin.getByLabel('Enabled', { exact: true }).check();
    await admin.getByRole('button', { name: 'Create and open the editor' }).click();
    await admin.waitForURL(/\/endpoints\/[^/]+$/);
    await scenarioLines().waitFor();
    await admin.getByTitle(/turn on “List in API docs”/).waitFor();

    // One real call, so there is a recorded body to learn from.
    const call = await fetch(`${server.url}/api/webrequest/${SLUG}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com', plan: 'pro', seats: 3, newsletter: true }),
    });
    expect(call.status).toBe(200);

    await admin.getByRole('link', { name: 'Settings', exact: true }).click();
    const section = admin.getByTestId('request-schema-section');
    await section.getByRole('button', { name: 'Derive from a past process' }).click();
    await section.getByLabel('Recorded request').selectOption({ index: 1 });
    await section.getByRole('button', { name: 'Propose a body schema' }).click();
    const body = admin.getByTestId('schema-editor-body');
    await expect.poll(() => textOf(body), { timeout: 60_000 }).toContain('"format": "email"');

    // The query schema is checked against the 2020-12 meta-schema as it is typed, in the browser.
    await section.getByRole('tab', { name: /Query/ }).click();
    const query = admin.getByTestId('schema-editor-query');
    await replaceText(query, '{ "type": "object", "properties": { "page": { "type": "integr" } } }');
    await query.locator('.squiggly-error').first().waitFor({ timeout: 60_000 });
    await screenshot(admin, 'rs-01-settings-query-schema-error');
    await replaceText(query, '{ "type": "object", "properties": { "page": { "type": "integer" } } }');
    await expect.poll(() => query.locator('.squiggly-error').count(), { timeout: 30_000 }).toBe(0);

    await section.getByLabel('List in API docs').check();
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Settings saved').waitFor();
    await screenshot(admin, 'rs-02-settings-request-schema');
  });

  it('marks a body field the schema does not have as a type error in the editor', async () => {
    await admin.getByRole('link', { name: 'Scenario', exact: true }).click();
    await scenarioLines().waitFor();
    await addFirstLine('const typo = request.body.emial;');
    await admin.locator('.scenario-editor .squiggly-error').first().waitFor({ timeout: 60_000 });
    await admin.getByText("Property 'emial' does not exist on type 'RequestBody'", { exact: false }).first().waitFor();
    await screenshot(admin, 'rs-03-editor-schema-type-error');
    await removeFirstLine();
    await expect.poll(problemCount, { timeout: 30_000 }).toBe('0 errors');
  });

  it('runs the draft from the form made from the body schema, with the 422 next to its field', async () => {
    await admin.getByRole('radio', { name: 'Schema form' }).check();
    const form = admin.getByTestId('schema-form');
    await form.getByLabel(/^email/).fill('not-an-email');
    await form.getByLabel(/^plan/).fill('pro');
    await form.getByLabel(/^seats/).fill('2');
    await form.getByLabel(/^newsletter/).check();
    await admin.getByTestId('run-test').click();
    await admin.getByTestId('validation-errors').waitFor({ timeout: 60_000 });
    await form.getByText('must match format "email"').waitFor();
    expect(await form.getByLabel(/^email/).getAttribute('aria-invalid')).toBe('true');
    await screenshot(admin, 'rs-04-form-422');

    await form.getByLabel(/^email/).fill('jane@example.com');
    await admin.getByTestId('run-test').click();
    const result = admin.getByTestId('test-run-result');
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('200');
    const answer = JSON.parse((await result.locator('.code-block').textContent())!) as { received: unknown };
    expect(answer.received).toEqual({ email: 'jane@example.com', plan: 'pro', seats: 2, newsletter: true });
    await screenshot(admin, 'rs-05-form-run');
  });

  it('types the scenario from the unsaved schema draft as it changes', async () => {
    await addFirstLine('const typo = request.body.emial;');
    await admin.getByText("Property 'emial' does not exist", { exact: false }).first().waitFor({ timeout: 60_000 });
    await admin.getByRole('radio', { name: 'Request schema' }).check();
    await admin.getByTestId('schema-view').getByRole('button', { name: 'Remove the body schema' }).click();
    await admin.getByTestId('schema-unsaved').waitFor();
    await screenshot(admin, 'rs-06-editor-schema-draft');
    await admin.getByRole('radio', { name: 'Scenario' }).check();
    // Without a body schema in the draft, request.body is loose again: the typo is no type error.
    await expect.poll(problemCount, { timeout: 30_000 }).toBe('0 errors');
  });

  it('opens the API docs from the admin and finds the endpoint, also at its own operation', async () => {
    const [docs] = await Promise.all([context.waitForEvent('page'), admin.getByTestId('nav-api-docs').click()]);
    const docsProblems = watchConsole(docs);
    await docs.waitForLoadState();
    expect(new URL(docs.url()).pathname).toBe('/docs');
    await docs.locator('.swagger-ui .opblock-tag').filter({ hasText: SLUG }).first().waitFor({ timeout: 30_000 });
    expect(await docs.locator('.swagger-ui').textContent()).toContain(`/api/webrequest/${SLUG}`);
    await screenshot(docs, 'rs-07-docs');

    const href = (await admin.getByTestId('endpoint-api-docs').getAttribute('href'))!;
    expect(href).toBe(`/docs#/${SLUG}/post-${SLUG}`);
    // swagger-ui's deep link, opened as a link is: the page loads with that operation open.
    const operation = await context.newPage();
    const operationProblems = watchConsole(operation);
    await operation.goto(`${server.url}${href}`);
    await operation
      .locator('.opblock.is-open')
      .filter({ hasText: `/api/webrequest/${SLUG}` })
      .first()
      .waitFor({ timeout: 30_000 });
    await screenshot(operation, 'rs-08-docs-operation');
    expect(operationProblems).toEqual([]);
    await operation.close();
    expect(docsProblems).toEqual([]);
    await docs.close();
  });

  it('makes a GitHub webhook endpoint from its template: HMAC-protected, its body typed and checked', async () => {
    await admin.goto(`${server.url}/endpoints/new`);
    await admin.getByRole('radio', { name: /Receive a GitHub webhook/ }).check();
    await admin.getByRole('radio', { name: 'TypeScript' }).check();
    await admin.getByLabel(/^Slug/).fill('github-hooks');
    await admin.getByLabel(/^Secret/).fill(GITHUB_SECRET);
    await admin.getByLabel('Enabled', { exact: true }).check();
    await admin.getByRole('button', { name: 'Create and open the editor' }).click();
    await admin.waitForURL(/\/endpoints\/[^/]+$/);
    await scenarioLines().waitFor();
    await admin.locator('h1').getByTestId('access-badge').getByText('HMAC', { exact: false }).waitFor();
    // The template's code fits its schema; a field GitHub does not send is an error.
    await addFirstLine('const sha = request.body.sender.sha;');
    await admin.getByText("Property 'sha' does not exist", { exact: false }).first().waitFor({ timeout: 60_000 });
    expect(await problemCount()).toBe('1 error');

    const send = (payload: unknown, event: string, signed = true) => {
      const raw = JSON.stringify(payload);
      const signature = `sha256=${createHmac('sha256', GITHUB_SECRET).update(raw).digest('hex')}`;
      return fetch(`${server.url}/api/webrequest/github-hooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          ...(signed ? { 'x-hub-signature-256': signature } : {}),
        },
        body: raw,
      });
    };
    const ping = await send({ zen: 'Design for failure.', sender: { login: 'jane' } }, 'ping');
    expect(ping.status).toBe(200);
    expect(await ping.json()).toEqual({ ok: true, pong: true });
    expect((await send({ sender: { login: 'jane' } }, 'ping', false)).status).toBe(401);
    const invalid = await send({ zen: 'no sender' }, 'ping');
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { error: { code: string } }).error.code).toBe('request_invalid');
  });

  it('makes a Stripe event endpoint from its template, accepted with its schema', async () => {
    await admin.goto(`${server.url}/endpoints/new`);
    await admin.getByRole('radio', { name: /Receive a Stripe event/ }).check();
    await admin.getByLabel(/^Slug/).fill('stripe-events');
    await admin.getByLabel(/^Secret/).fill('whsec_e2e_0123456789');
    await admin.getByRole('button', { name: 'Create and open the editor' }).click();
    await admin.waitForURL(/\/endpoints\/[^/]+$/);
    await scenarioLines().waitFor();
    await admin.getByRole('radio', { name: 'Request schema' }).check();
    await expect
      .poll(() => textOf(admin.getByTestId('schema-editor-body')), { timeout: 60_000 })
      .toContain('checkout.session.completed');
    await admin.getByRole('radio', { name: 'Scenario' }).check();
    await expect.poll(problemCount, { timeout: 30_000 }).toBe('0 errors');
  });
});
