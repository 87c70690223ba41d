import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createEndpoint,
  signIn as signInApi,
  startTestServer,
  type TestServer,
} from '../integration/harness.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole, ensureUiBuilt, PIN_ENGLISH } from './browser.js';
import { startCrossOriginSite, type CrossOriginSite } from './cross-origin-site.js';

/**
 * CORS that explains itself, in a real browser: a site whose origin the endpoint does not list
 * posts its form; the call is refused before the scenario runs, the admin finds it under
 * *Refused calls* on the endpoint's settings page with the fix, allows the origin, and the same
 * form then works.
 */

describeInBrowser('refused calls in a real browser', () => {
  let server: TestServer;
  let site: CrossOriginSite;
  let browser: Browser;
  let admin: Page;
  let visitor: Page;
  let consoleProblems: string[];
  let endpointId = '';

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    site = await startCrossOriginSite();
    const api = await signInApi(server.url);
    // The endpoint lists another site (a typo'd port, say): the real site is not allowed yet.
    endpointId = (
      await createEndpoint(api, 'contact', 'export default (request) => ({ ok: true, got: request.body })', {
        enabled: true,
        methods: ['POST'],
        cors: { origins: ['https://www.shop.example'] },
      })
    ).id;
    browser = await launchChromium();
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await adminContext.addInitScript(PIN_ENGLISH);
    admin = await adminContext.newPage();
    consoleProblems = watchConsole(admin);
    visitor = await (await browser.newContext({ viewport: { width: 800, height: 700 } })).newPage();
  }, 180_000);

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await site?.close();
    await server?.stop();
  });

  async function sendForm(): Promise<string> {
    await visitor.goto(site.pageUrl(`${server.url}/api/webrequest/contact`));
    await visitor.getByLabel('Email').fill('jane@example.com');
    await visitor.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => visitor.locator('#status').textContent()).not.toBe('Sending…');
    return (await visitor.locator('#status').textContent()) ?? '';
  }

  it('refuses the site’s call before the scenario runs', async () => {
    expect(await sendForm()).toMatch(/^Failed/);
    const processes = await (await signInApi(server.url)).call('GET', `/processes?endpointId=${endpointId}`);
    expect(processes.body.items).toEqual([]);
  });

  it('shows the admin the refused call, its reason and the fix on the endpoint’s settings page', async () => {
    await admin.goto(`${server.url}/endpoints/${endpointId}/settings`);
    await admin.waitForURL(/\/sign-in/);
    await admin.getByLabel('Email').fill(ADMIN_EMAIL);
    await admin.getByLabel('Password').fill(ADMIN_PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const table = admin.getByTestId('refusals-table');
    await table.waitFor();
    const row = table.locator('tr[data-reason="origin_not_allowed"]').first();
    expect(await row.textContent()).toContain(site.origin);
    expect(await row.textContent()).toContain('403 origin_not_allowed');
    expect(await row.textContent()).toContain('add this origin to Allowed origins');
    await screenshot(admin, '30-refused-calls');
  });

  it('lets the same form through once the admin allows the site’s origin', async () => {
    const origins = admin.getByLabel('Allowed origins');
    await origins.fill(`https://www.shop.example\n${site.origin}`);
    await admin.getByRole('button', { name: 'Save changes' }).click();
    await admin.getByText('Settings saved', { exact: false }).first().waitFor();
    // The endpoint cache keeps settings up to a second.
    await expect.poll(sendForm, { timeout: 10_000, interval: 1_200 }).toBe('HTTP 200');
    expect(await visitor.locator('#answer').textContent()).toContain('jane@example.com');
  });
});
