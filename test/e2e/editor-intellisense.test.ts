import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createEndpoint,
  signIn,
  startTestServer,
  type TestServer,
} from '../integration/harness.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole, ensureUiBuilt, PIN_ENGLISH } from './browser.js';

// Issue 15, "The editor knows the handler without a comment", in a real browser: the README's
// example typed with no JSDoc header completes `request.` and `ctx.` (JavaScript and TypeScript),
// `ctx.secrets.` offers the granted secret, type errors are marked, diagnostics never advise
// `npm i`, an unclosed block points at its opening line, and the call snippets (curl, fetch,
// FormData, an HTML form with its no-JS answer) open from the editor, at 1280 and at 800 px.

// The README's example ("The scenario API"), exactly: no JSDoc header.
const README_EXAMPLE = `export default async function handler(request, ctx) {
  ctx.log.info('new lead', request.body.email)
  if (!request.body.email) return Response.json({ error: 'email required' }, { status: 422 })
  return { ok: true }
}
`;

describeInBrowser('the editor knows the handler without a comment, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleProblems: string[];
  const endpointIds: Record<'javascript' | 'typescript' | 'form', string> = {
    javascript: '',
    typescript: '',
    form: '',
  };
  let api: Awaited<ReturnType<typeof signIn>>;

  const lines = () => page.locator('.scenario-editor .view-lines');
  const suggestions = () => page.locator('.suggest-widget.visible .monaco-list-row');
  const problems = () => page.locator('.problems__list .problem');

  async function openEditor(language: 'javascript' | 'typescript' | 'form') {
    await page.goto(`${server.url}/endpoints/${endpointIds[language]}`);
    await lines().waitFor();
    await expect.poll(async () => (await lines().textContent())?.includes('handler')).toBe(true);
  }

  /** Types at the end of the handler's first line, on a new line of its own. */
  async function typeInHandler(text: string) {
    await lines().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(text);
  }

  /** The labels of the completion list now shown (waits for it). */
  async function completionLabels(): Promise<string> {
    await suggestions().first().waitFor({ timeout: 15_000 });
    return (await suggestions().allTextContents()).join(' ');
  }

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    api = await signIn(server.url);
    const secret = await api.call('PUT', '/secrets/CRM_TOKEN', { value: 'crm-token-e2e-value' });
    expect(secret.status).toBeLessThan(300);
    for (const language of ['javascript', 'typescript'] as const) {
      const created = await createEndpoint(api, `intellisense-${language}`, README_EXAMPLE, {
        language,
        secrets: ['CRM_TOKEN'],
      });
      endpointIds[language] = created.id;
    }
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    await context.addInitScript(PIN_ENGLISH);
    page = await context.newPage();
    consoleProblems = watchConsole(page);
    // Each test leaves unsaved edits behind; leaving the page is fine here.
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${server.url}/endpoints`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Endpoints', level: 1 }).waitFor();
  }, 120_000);

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  for (const language of ['javascript', 'typescript'] as const) {
    it(`completes request., ctx. and the granted ctx.secrets. in the README's example (${language})`, async () => {
      await openEditor(language);
      expect(await lines().textContent()).not.toContain('@param');
      await typeInHandler('request.');
      const requestMembers = await completionLabels();
      for (const member of ['body', 'query', 'subpath', 'files']) expect(requestMembers).toContain(member);
      await page.keyboard.press('Escape');
      for (let i = 0; i < 'request.'.length; i += 1) await page.keyboard.press('Backspace');
      await page.keyboard.type('ctx.');
      const ctxMembers = await completionLabels();
      for (const member of ['log', 'secrets', 'process', 'mail']) expect(ctxMembers).toContain(member);
      await page.keyboard.type('secrets.');
      expect(await completionLabels()).toContain('CRM_TOKEN');
      await page.keyboard.press('Escape');
      await screenshot(page, `ei-01-completions-${language}`);
    });

    it(`marks a type error in the README's example, and advises no npm install (${language})`, async () => {
      await openEditor(language);
      await typeInHandler('const email = request.bdy; const env = process.env.HOME; const x = ctx.secrets.STRIPE_KEY');
      const listed = () =>
        problems()
          .allTextContents()
          .then((texts) => texts.join('\n'));
      await expect.poll(listed, { timeout: 20_000 }).toContain('`STRIPE_KEY` is not a secret granted to this endpoint');
      expect(await listed()).toContain("Property 'bdy' does not exist on type 'ScenarioRequest'");
      expect(await listed()).toContain('`process` is not available in a scenario');
      expect(await listed()).not.toMatch(/npm i|@types\//);
      await page.locator('.scenario-editor .squiggly-error').first().waitFor();
      await screenshot(page, `ei-02-type-error-${language}`);
    });
  }

  it('points an unclosed block at the line that opens it, in the editor and the problems list', async () => {
    // Saved as a draft, so the indentation is exactly as written (the editor would re-indent typing).
    const unclosed = [
      'export default async function handler(request, ctx) {',
      '  for (const key of Object.keys(request.query)) {',
      '    if (key) {',
      '      ctx.log.info(key)',
      '    }',
      '  return { ok: true }',
      '}',
      '',
    ].join('\n');
    const saved = await api.call('PUT', `/endpoints/${endpointIds.javascript}/draft`, {
      code: unclosed,
      language: 'javascript',
    });
    expect(saved.status).toBeLessThan(300);
    try {
      await openEditor('javascript');
      const listed = () =>
        problems()
          .allTextContents()
          .then((texts) => texts.join('\n'));
      // TypeScript would name line 1 (the function); the `for` on line 2 is the block left open.
      await expect.poll(listed, { timeout: 20_000 }).toMatch(/Line 2:\d+This `\{` is never closed/);
      expect(await listed()).not.toContain("'}' expected");
      await page.locator('.scenario-editor .squiggly-error').first().waitFor();
      await screenshot(page, 'ei-03-unclosed-block');
    } finally {
      await api.call('DELETE', `/endpoints/${endpointIds.javascript}/draft`);
    }
  });

  for (const width of [1280, 800]) {
    it(`opens the call snippets from the editor, the HTML form with its no-JS answer (${width} px)`, async () => {
      await page.setViewportSize({ width, height: 900 });
      await openEditor('javascript');
      await page.getByRole('button', { name: 'Call it' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('tab', { name: 'curl' }).waitFor();
      expect(await page.getByTestId('snippet-curl').textContent()).toContain('/api/webrequest/intellisense-javascript');
      await dialog.getByRole('tab', { name: 'fetch (JSON)' }).click();
      expect(await page.getByTestId('snippet-fetch').textContent()).toContain('JSON.stringify');
      await dialog.getByRole('tab', { name: 'fetch (FormData)' }).click();
      expect(await page.getByTestId('snippet-formData').textContent()).toContain('new FormData(form)');
      await dialog.getByRole('tab', { name: 'HTML form' }).click();
      const html = (await page.getByTestId('snippet-html').textContent()) ?? '';
      expect(html).toContain('<form id="scriptgate-form" method="post"');
      const fallback = dialog.getByRole('region', { name: /without JavaScript/ });
      expect(await fallback.textContent()).toContain('Response.redirect');
      const box = await dialog.boundingBox();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      await screenshot(page, `ei-04-snippets-${width}`);
      await dialog.getByRole('button', { name: /close/i }).first().click();
    });
  }

  it('the HTML form snippet works without JavaScript (its answer: the thank-you page) and with it', async () => {
    // The customer's site: another origin on this machine, serving the page the snippet is pasted into.
    let pageHtml = '';
    const site = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml));
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteOrigin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const created = await createEndpoint(api, 'contact-html', README_EXAMPLE, {
      enabled: true,
      cors: { origins: [siteOrigin], credentials: false, headers: [], maxAgeSeconds: null },
    });
    endpointIds.form = created.id;
    await page.setViewportSize({ width: 1280, height: 900 });
    await openEditor('form');
    await page.getByRole('button', { name: 'Call it' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('tab', { name: 'HTML form' }).click();
    const html = (await page.getByTestId('snippet-html').locator('pre, code').first().textContent()) ?? '';
    const region = dialog.getByRole('region', { name: /without JavaScript/ });
    const fallback = (await region.locator('pre, code').first().textContent()) ?? '';
    await dialog.getByRole('button', { name: /close/i }).first().click();
    // The scenario a user writes from the snippet: the fallback lines in a handler.
    const code = `export default async function handler(request) {\n${fallback}\n}\n`;
    const published = await api.call('PUT', `/endpoints/${endpointIds.form}/scenario`, {
      code,
      language: 'javascript',
    });
    expect(published.status).toBe(200);
    pageHtml = `<!doctype html><html lang="en"><body>${html}</body></html>`;
    try {
      const noScript = await browser.newContext({ javaScriptEnabled: false });
      await noScript.route('https://www.example.com/**', (route) =>
        route.fulfill({ contentType: 'text/html', body: '<h1>Thanks from the site</h1>' }),
      );
      const visitor = await noScript.newPage();
      await visitor.goto(`${siteOrigin}/contact`);
      await visitor.getByLabel('Email').fill('jane@example.com');
      await visitor.getByLabel('Message').fill('Hello without JavaScript');
      await visitor.getByRole('button', { name: 'Send' }).click();
      await visitor.waitForURL('https://www.example.com/thank-you');
      expect(await visitor.textContent('h1')).toBe('Thanks from the site');
      await noScript.close();

      const scripted = await browser.newContext();
      const withScript = await scripted.newPage();
      await withScript.goto(`${siteOrigin}/contact`);
      await withScript.getByLabel('Email').fill('jane@example.com');
      await withScript.getByLabel('Message').fill('Hello with JavaScript');
      await withScript.getByRole('button', { name: 'Send' }).click();
      await expect.poll(() => withScript.getByRole('status').textContent()).toBe('Thank you!');
      expect(withScript.url()).toBe(`${siteOrigin}/contact`);
      await scripted.close();
    } finally {
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it('says the sandbox diagnostics and offers the snippets in Russian', async () => {
    const russian = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    await russian.addInitScript("localStorage.setItem('scriptgate.language', 'ru')");
    await russian.addCookies(await context.cookies());
    const ru = await russian.newPage();
    ru.on('dialog', (dialog) => void dialog.accept());
    await ru.goto(`${server.url}/endpoints/${endpointIds.typescript}`);
    const ruLines = ru.locator('.scenario-editor .view-lines');
    await ruLines.waitFor();
    await ruLines.click();
    await ru.keyboard.press('Control+Home');
    await ru.keyboard.press('End');
    await ru.keyboard.press('Enter');
    await ru.keyboard.type('const home = process.env.HOME');
    const listed = () =>
      ru
        .locator('.problems__list .problem')
        .allTextContents()
        .then((texts) => texts.join('\n'));
    await expect.poll(listed, { timeout: 20_000 }).toContain('`process` недоступен в сценарии');
    await ru.getByRole('button', { name: 'Вызвать' }).click();
    await ru.getByRole('dialog').getByRole('tab', { name: 'HTML-форма' }).click();
    await ru.getByRole('region', { name: /без JavaScript/ }).waitFor();
    await screenshot(ru, 'ei-06-russian');
    await russian.close();
  });

  it('shares 800 px between the editor and the test run without a horizontal page scroll', async () => {
    await page.setViewportSize({ width: 800, height: 900 });
    await openEditor('javascript');
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    const editor = await page.locator('.scenario-editor').boundingBox();
    const side = await page.locator('.workbench__side').boundingBox();
    expect(editor!.width).toBeGreaterThan(500);
    expect(editor!.x + editor!.width).toBeLessThanOrEqual(800);
    expect(side!.x + side!.width).toBeLessThanOrEqual(800);
    // Monaco follows its box: its lines are as wide as the editor, not as at 1280 px.
    const monacoWidth = await page.locator('.scenario-editor .monaco-editor').evaluate((el) => el.clientWidth);
    expect(Math.abs(monacoWidth - editor!.width)).toBeLessThanOrEqual(4);
    await screenshot(page, 'ei-05-editor-800');
    // At 1100 px the navigation stays beside the page, which is then too narrow to share: the
    // test run goes under the editor rather than squeezing it.
    await page.setViewportSize({ width: 1100, height: 900 });
    await expect
      .poll(async () => {
        const [editorBox, sideBox] = await Promise.all([
          page.locator('.scenario-editor').boundingBox(),
          page.locator('.workbench__side').boundingBox(),
        ]);
        return sideBox!.y >= editorBox!.y + editorBox!.height;
      })
      .toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
    const wide = await page.locator('.workbench__side').boundingBox();
    const wideEditor = await page.locator('.scenario-editor').boundingBox();
    expect(wide!.x).toBeGreaterThan(wideEditor!.x + wideEditor!.width);
  });
});
