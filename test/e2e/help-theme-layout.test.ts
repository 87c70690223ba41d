import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createEndpoint,
  signIn as signInApi,
  startTestServer,
  type TestServer,
} from '../integration/harness.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole, ensureUiBuilt, PIN_ENGLISH } from './browser.js';

/**
 * The app shell in a real browser: help in place (the README's scenario API, one click from every
 * page), the `?` shortcut list, dark mode (the system's, and the toggle), and the admin at 800 px
 * (navigation in a menu, every table's actions reachable, no page-wide sideways scroll).
 */

/** Relative luminance of the page's background, 0 (black) to 1 (white). */
const BODY_LUMINANCE = `(() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).map(Number);
  const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
})()`;

/** WCAG contrast of an element's text on its own background (translucent ones laid over `under`). */
function contrastOf(page: Page, selector: string, under = 'body'): Promise<number> {
  // Runs in the page; the test project has no DOM typings, so the element is `any`.
  return page
    .locator(selector)
    .first()
    .evaluate((element: any, underSelector: string) => {
      const view = element.ownerDocument.defaultView;
      const parse = (css: string) => {
        const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\d.]+/g) ?? []).map(Number);
        return { r, g, b, a: css.startsWith('rgba') || css.includes('/') ? a : 1 };
      };
      type Colour = ReturnType<typeof parse>;
      const over = (top: Colour, bottom: Colour) => ({
        r: top.r * top.a + bottom.r * (1 - top.a),
        g: top.g * top.a + bottom.g * (1 - top.a),
        b: top.b * top.a + bottom.b * (1 - top.a),
        a: 1,
      });
      const lum = ({ r, g, b }: Colour) => {
        const lin = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const base = parse(view.getComputedStyle(element.ownerDocument.querySelector(underSelector)).backgroundColor);
      const style = view.getComputedStyle(element);
      const background = over(parse(style.backgroundColor), base);
      const text = over(parse(style.color), background);
      const [light, dark] = [lum(text), lum(background)].sort((a, b) => b - a) as [number, number];
      return (light + 0.05) / (dark + 0.05);
    }, under);
}

describeInBrowser('help, shortcuts, dark mode and the 800 px shell in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let endpointId = '';
  const consoleProblems: string[][] = [];

  async function openSignedIn(options: BrowserContextOptions, path = '/endpoints'): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-US', ...options });
    await context.addInitScript(PIN_ENGLISH);
    const page = await context.newPage();
    consoleProblems.push(watchConsole(page));
    await page.goto(`${server.url}${path}`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.locator('main h1').first().waitFor();
    return page;
  }

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    const api = await signInApi(server.url);
    // Long values, so the tables are wider than 800 px and must scroll inside their panel.
    const endpoint = await createEndpoint(
      api,
      'contact-form-of-the-company-website-with-a-long-slug',
      'export default (request, ctx) => { ctx.log.info("lead", request.body); return { ok: true } }',
      {
        enabled: true,
        methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
        description: 'Takes the contact form of the company website and mails the sales team a summary',
      },
    );
    endpointId = endpoint.id;
    await fetch(`${server.url}/api/webrequest/${endpoint.slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane.longname-with-many-parts@example.com', message: 'Please call me back soon' }),
    });
    const created = [
      await api.call('POST', '/users', {
        email: 'editor.with.a.long.address@example.test',
        name: 'Edith Editor-Longname',
        role: 'editor',
        password: 'a long enough password 1',
      }),
      await api.call('POST', '/tokens', { name: 'deploy pipeline of the website', expiresInDays: 30 }),
      await api.call('POST', '/api-keys', { name: 'partner integration key', endpointIds: [endpoint.id] }),
      await api.call('PUT', '/secrets/CRM_TOKEN_FOR_THE_SALES_TEAM', { value: 'crm-token-123456' }),
    ];
    expect(created.map((answer) => answer.status)).toEqual([201, 201, 201, 204]);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    const problems = consoleProblems.flat();
    if (problems.length) console.log(`browser console:\n${problems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  describe('help in place', () => {
    let page: Page;
    beforeAll(async () => {
      page = await openSignedIn({ viewport: { width: 1280, height: 860 } });
    });

    it('opens the rendered scenario API from the help link of the endpoints and processes pages', async () => {
      await page.getByTestId('nav-help').click();
      await page.waitForURL(/\/help$/);
      await page.getByRole('heading', { name: 'The scenario API', level: 2 }).waitFor();
      // The README's own words and tables, with an anchor per heading and a table of contents.
      expect(await page.locator('#ctx').textContent()).toContain('ctx');
      expect(await page.locator('.help__content table').count()).toBeGreaterThan(2);
      expect(await page.locator('.help__content').textContent()).toContain('export default async function handler');
      expect(await page.getByRole('navigation', { name: 'On this page' }).getByRole('link').count()).toBeGreaterThan(8);
      await screenshot(page, '40-help');

      await page.goto(`${server.url}/processes`);
      await page.getByRole('heading', { name: 'Processes', level: 1 }).waitFor();
      await page.getByTestId('nav-help').click();
      await page.waitForURL(/\/help#what-a-scenario-returns$/);
      await expect
        .poll(() => page.evaluate('document.getElementById("what-a-scenario-returns").getBoundingClientRect().top'))
        .toBeLessThan(200);
    });

    it('links from the editor to the scenario API, landing on it', async () => {
      await page.goto(`${server.url}/endpoints/${endpointId}`);
      await page.locator('.monaco-editor').first().waitFor();
      await page.getByTestId('nav-help').click();
      await page.waitForURL(/\/help#the-scenario-api$/);
      await page.getByRole('heading', { name: 'The scenario API', level: 2 }).waitFor();
      await page.locator('.help__toc').getByRole('link', { name: 'ctx', exact: true }).click();
      await page.waitForURL(/\/help#ctx$/);
      await expect
        .poll(() => page.evaluate('document.getElementById("ctx").getBoundingClientRect().top'))
        .toBeLessThan(120);
    });

    it('says in Russian that the help text is the English README', async () => {
      await page.getByRole('button', { name: 'Русский' }).click();
      await page.getByRole('heading', { name: 'Справка', level: 1 }).waitFor();
      expect(await page.locator('.help .notice').textContent()).toContain('на английском');
      await page.getByRole('button', { name: 'English' }).click();
    });

    it('lists the keyboard shortcuts on ?, not while typing, and closes on Esc', async () => {
      await page.goto(`${server.url}/processes`);
      await page.getByRole('heading', { name: 'Processes', level: 1 }).waitFor();
      const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      const search = page.getByRole('searchbox').first();
      await search.click();
      await page.keyboard.type('?');
      expect(await search.inputValue()).toBe('?');
      expect(await list.isVisible()).toBe(false);

      await page.locator('main h1').click();
      await page.keyboard.press('?');
      await list.waitFor();
      const text = (await list.textContent()) ?? '';
      expect(text).toContain('Save the draft');
      expect(text).toContain('Run a test');
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'hidden' });
    });
  });

  describe('dark mode', () => {
    it('follows the system’s dark setting on every part, Monaco included', async () => {
      const page = await openSignedIn({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
      expect(await page.evaluate(BODY_LUMINANCE)).toBeLessThan(0.05);
      expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');

      await page.goto(`${server.url}/processes`);
      // The run's row (the filter chips above the table are there before it loads).
      await page.locator('tbody .chip--succeeded').first().waitFor();
      expect(await contrastOf(page, 'tbody .chip--succeeded', '.panel')).toBeGreaterThanOrEqual(4.5);
      expect(await contrastOf(page, 'tbody a', '.panel')).toBeGreaterThanOrEqual(4.5);

      await page.goto(`${server.url}/help`);
      await page.locator('.help__content pre').first().waitFor();
      expect(await contrastOf(page, '.help__content pre', '.help__content')).toBeGreaterThanOrEqual(7);
      expect(await contrastOf(page, '.help__content p code', '.help__content')).toBeGreaterThanOrEqual(4.5);
      await screenshot(page, '41-help-dark');

      await page.goto(`${server.url}/endpoints/${endpointId}`);
      await page.locator('.monaco-editor').first().waitFor();
      expect(await page.locator('.monaco-editor.vs-dark').count()).toBeGreaterThan(0);
      await screenshot(page, '42-editor-dark');
      await page.context().close();
    });

    it('shows errors readably in dark', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'dark' });
      await context.addInitScript(PIN_ENGLISH);
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email').fill(ADMIN_EMAIL);
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('.inline-error').waitFor();
      expect(await page.evaluate(BODY_LUMINANCE)).toBeLessThan(0.05);
      expect(await contrastOf(page, '.inline-error', '.sign-in__card')).toBeGreaterThanOrEqual(4.5);
      await context.close();
    });

    it('switches with the toggle and remembers it after a reload', async () => {
      const page = await openSignedIn({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
      expect(await page.evaluate(BODY_LUMINANCE)).toBeGreaterThan(0.8);
      await page.getByRole('group', { name: 'Colour scheme' }).getByRole('button', { name: 'Dark' }).click();
      expect(await page.evaluate(BODY_LUMINANCE)).toBeLessThan(0.05);
      await page.reload();
      await page.locator('main h1').first().waitFor();
      expect(await page.evaluate(BODY_LUMINANCE)).toBeLessThan(0.05);
      // Dialogs follow too.
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      expect(await contrastOf(page, '.dialog', 'body')).toBeGreaterThanOrEqual(7);
      await page.keyboard.press('Escape');
      await page.getByRole('group', { name: 'Colour scheme' }).getByRole('button', { name: 'Auto' }).click();
      expect(await page.evaluate(BODY_LUMINANCE)).toBeGreaterThan(0.8);
      await page.context().close();
    });
  });

  describe('at 800 px', () => {
    let page: Page;
    beforeAll(async () => {
      page = await openSignedIn({ viewport: { width: 800, height: 800 } });
    });

    const noSidewaysScroll = () => page.evaluate('document.documentElement.scrollWidth');

    it('collapses the navigation into a menu that opens, closes on Esc and on navigating', async () => {
      const menu = page.getByRole('button', { name: 'Menu' });
      const processesLink = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Processes' });
      expect(await menu.isVisible()).toBe(true);
      expect(await processesLink.isVisible()).toBe(false);
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      // The bar is one line: the page starts right under it, however short the page.
      expect((await page.locator('main h1').first().boundingBox())!.y).toBeLessThan(120);

      // By keyboard: focus the button, Enter opens, Esc closes and leaves the focus on it.
      await menu.focus();
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await processesLink.waitFor();
      await screenshot(page, '43-menu-800');
      await page.keyboard.press('Escape');
      await processesLink.waitFor({ state: 'hidden' });
      expect(await page.evaluate('document.activeElement?.textContent')).toContain('Menu');

      await menu.click();
      await processesLink.click();
      await page.waitForURL(/\/processes$/);
      await processesLink.waitFor({ state: 'hidden' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      // Help stays one click away in the bar.
      expect(await page.getByRole('link', { name: 'Help' }).first().isVisible()).toBe(true);
    });

    const TABLES: Array<[path: string, actions: string]> = [
      ['/endpoints', 'td.table__actions :is(a, button)'],
      ['/processes', 'tbody tr a[href^="/processes/"]'],
      ['/users', 'td.table__actions button'],
      ['/tokens', 'td.table__actions button'],
      ['/api-keys', 'td.table__actions button'],
      ['/audit', 'tbody tr:first-child td:last-child'],
      ['/secrets', 'td.table__actions button'],
    ];

    for (const [path, actions] of TABLES) {
      it(`keeps the actions of ${path} reachable without scrolling the page sideways`, async () => {
        await page.goto(`${server.url}${path}`);
        const first = page.locator(actions).first();
        await first.waitFor();
        expect(await noSidewaysScroll()).toBeLessThanOrEqual(800);
        const count = await page.locator(actions).count();
        for (let index = 0; index < Math.min(count, 6); index += 1) {
          const action = page.locator(actions).nth(index);
          await action.scrollIntoViewIfNeeded();
          const box = (await action.boundingBox())!;
          expect(box.x).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(800);
          // Nothing (the top bar, another column) covers it: a click would land on it.
          const hit = await action.evaluate((element: any) => {
            // The first line box: a wrapped link's middle may fall between its lines.
            const rect = element.getClientRects()[0] ?? element.getBoundingClientRect();
            const top = element.ownerDocument.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
            const covered = !!top && (element === top || element.contains(top));
            return covered ? true : `covered by ${top?.tagName}.${top?.className} at ${Math.round(rect.top)}`;
          });
          expect(hit).toBe(true);
        }
        expect(await noSidewaysScroll()).toBeLessThanOrEqual(800);
        if (path === '/endpoints' || path === '/processes') await screenshot(page, `44-${path.slice(1)}-800`);
      });
    }

    it('keeps the help page and the editor within the width', async () => {
      await page.goto(`${server.url}/help`);
      await page.locator('.help__content pre').first().waitFor();
      expect(await noSidewaysScroll()).toBeLessThanOrEqual(800);
      await page.goto(`${server.url}/endpoints/${endpointId}`);
      await page.locator('.monaco-editor').first().waitFor();
      expect(await noSidewaysScroll()).toBeLessThanOrEqual(800);
    });
  });
});
