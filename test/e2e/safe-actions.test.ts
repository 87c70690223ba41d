import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  ADMIN_EMAIL,
  ADMIN_PASSWORD,
  createEndpoint,
  signIn as apiSignIn,
  startTestServer,
  type AdminClient,
  type TestServer,
} from '../integration/harness.js';
import { describeInBrowser, launchChromium, screenshot, watchConsole, ensureUiBuilt } from './browser.js';

// Issue 15, "Safe actions and roles" and "plain words", in a real browser, in English and
// Russian: disabling a live endpoint asks first and says so after; Re-run warns that the side
// effects happen again; the Cancel dialog's buttons say what they do; a viewer changes their
// own password and signs in with it; an editor is told which role a page needs; a server
// validation error reads in Russian.

const EDITOR = { email: 'editor-e2e@example.test', password: 'editor password 1' };
const VIEWER = { email: 'viewer-e2e@example.test', password: 'viewer password 1' };
const SLOW_CODE =
  'export default async function handler() {\n  await new Promise((resolve) => setTimeout(resolve, 20000));\n  return { done: true };\n}\n';

describeInBrowser('safe actions, roles and plain words in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let api: AdminClient;
  const consoleProblems: string[] = [];
  const pages: Page[] = [];

  /** A fresh browser in `language`, signed in as `email`, on the endpoints page. */
  async function signedIn(language: 'en' | 'ru', email: string, password: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: language });
    await context.addInitScript(`localStorage.setItem('scriptgate.language', '${language}')`);
    const page = await context.newPage();
    consoleProblems.push(...watchConsole(page));
    pages.push(page);
    // Signed out, the app sends the page to sign in; wait for the form, not for every asset to load
    // (the two shared cores are busy when the whole suite runs).
    await page.goto(`${server.url}/endpoints`, { waitUntil: 'domcontentloaded' });
    await page.getByLabel(language === 'en' ? 'Email' : 'Эл. почта').waitFor({ timeout: 60_000 });
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByLabel(language === 'en' ? 'Email' : 'Эл. почта').fill(email);
    await page.getByLabel(language === 'en' ? 'Password' : 'Пароль').fill(password);
    await page.getByRole('button', { name: language === 'en' ? 'Sign in' : 'Войти' }).click();
    await page.waitForURL((url) => url.pathname === '/endpoints');
    return page;
  }

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    api = await apiSignIn(server.url);
    for (const [user, role] of [
      [EDITOR, 'editor'],
      [VIEWER, 'viewer'],
    ] as const) {
      const created = await api.call('POST', '/users', { ...user, name: role, role });
      if (created.status !== 201) throw new Error(`could not create the ${role}: ${created.status}`);
    }
    await createEndpoint(api, 'contact-e2e', 'export default () => ({ ok: true })', { name: 'Contact e2e' });
    await createEndpoint(api, 'slow-e2e', SLOW_CODE, { alwaysAsync: true, timeoutMs: 30_000 });
  });

  afterAll(async () => {
    if (consoleProblems.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  it('asks before disabling a live endpoint, says what callers get, and confirms with a toast', async () => {
    const admin = await signedIn('en', ADMIN_EMAIL, ADMIN_PASSWORD);
    // The switch's drawn track sits over the checkbox: click through it as a pointer does.
    await admin.getByRole('switch', { name: 'Disable contact-e2e' }).click({ force: true });
    const dialog = admin.getByRole('dialog', { name: 'Disable Contact e2e?' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain(`${server.url}/api/webrequest/contact-e2e`);
    expect(text).toContain('404 Not Found');
    // Still live until confirmed.
    expect((await fetch(`${server.url}/api/webrequest/contact-e2e`)).status).toBe(200);
    await screenshot(admin, 'sa-01-disable-confirm');
    await dialog.getByRole('button', { name: 'Disable the endpoint' }).click();
    await admin.getByText('Contact e2e is disabled: calls get 404 until you enable it').waitFor();
    await expect.poll(async () => (await fetch(`${server.url}/api/webrequest/contact-e2e`)).status).toBe(404);
    // Turning it back on needs no confirmation, and says so too.
    await admin.getByRole('switch', { name: 'Enable contact-e2e' }).click({ force: true });
    await admin.getByText('Contact e2e is enabled: it answers calls again').waitFor();
    await expect.poll(async () => (await fetch(`${server.url}/api/webrequest/contact-e2e`)).status).toBe(200);
  });

  it('warns that a re-run repeats the side effects, in Russian, before running it again', async () => {
    const answer = await fetch(`${server.url}/api/webrequest/contact-e2e`);
    const processId = answer.headers.get('x-process-id');
    const admin = await signedIn('ru', ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.goto(`${server.url}/processes/${processId}`);
    await admin.getByRole('button', { name: 'Перезапустить' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Выполнить этот запрос ещё раз?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('письма уйдут ещё раз');
    await screenshot(admin, 'sa-02-rerun-confirm-ru');
    await dialog.getByRole('button', { name: 'Выполнить ещё раз' }).click();
    await admin.waitForURL((url) => url.pathname.startsWith('/processes/') && !url.pathname.endsWith(processId!));
    await admin.getByText('Перезапуск начат').waitFor();
  });

  it('names what each button of the Cancel dialog does, and keeps the run when asked to', async () => {
    const started = await fetch(`${server.url}/api/webrequest/slow-e2e`, { method: 'POST' });
    const { processId } = (await started.json()) as { processId: string };
    const admin = await signedIn('en', ADMIN_EMAIL, ADMIN_PASSWORD);
    await admin.goto(`${server.url}/processes/${processId}`);
    await admin.getByRole('button', { name: 'Cancel run' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Cancel this run?' });
    await dialog.waitFor();
    expect(await dialog.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    await screenshot(admin, 'sa-03-cancel-buttons');
    await dialog.getByRole('button', { name: 'Keep it running' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await api.call('GET', `/processes/${processId}`)).body.status).not.toBe('cancelled');
    await admin.getByRole('button', { name: 'Cancel run' }).click();
    await admin.getByRole('button', { name: 'Cancel the run' }).click();
    await expect
      .poll(async () => (await api.call('GET', `/processes/${processId}`)).body.status, { timeout: 10_000 })
      .toBe('cancelled');
  });

  it('lets a viewer change their own password on the Account page, then sign in with it', async () => {
    const viewer = await signedIn('ru', VIEWER.email, VIEWER.password);
    await viewer.getByRole('link', { name: 'Учётная запись' }).click();
    await viewer.getByRole('heading', { name: 'Ваша учётная запись', level: 1 }).waitFor();
    await viewer.getByLabel(/^Текущий пароль/).fill('not my password');
    await viewer.getByLabel(/^Новый пароль\*?$/).fill('viewer password 2');
    await viewer.getByLabel(/^Новый пароль ещё раз/).fill('viewer password 2');
    await viewer.getByRole('button', { name: 'Сменить пароль' }).click();
    await viewer.getByText('Текущий пароль неверный.').waitFor();
    await viewer.getByLabel(/^Текущий пароль/).fill(VIEWER.password);
    await viewer.getByRole('button', { name: 'Сменить пароль' }).click();
    await viewer.getByText('Пароль изменён. В других сеансах выполнен выход.').waitFor();
    await screenshot(viewer, 'sa-04-account-password-ru');
    // Still signed in here, with the renewed session.
    await viewer.getByRole('link', { name: 'Процессы' }).click();
    await viewer.waitForURL((url) => url.pathname === '/processes');
    expect(viewer.url()).not.toContain('sign-in');
    const again = await signedIn('en', VIEWER.email, 'viewer password 2');
    expect(new URL(again.url()).pathname).toBe('/endpoints');
    const old = await fetch(`${server.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: VIEWER.email, password: VIEWER.password }),
    });
    expect(old.status).toBe(401);
  });

  it('tells an editor that a page needs the admin role', async () => {
    const editor = await signedIn('en', EDITOR.email, EDITOR.password);
    await editor.goto(`${server.url}/users`);
    await editor.getByText('This needs the Admin role (you are Editor). Ask an admin if you need it.').waitFor();
    const ru = await signedIn('ru', EDITOR.email, EDITOR.password);
    await ru.goto(`${server.url}/audit`);
    await ru.getByText(/Для этого нужна роль «Администратор» \(ваша роль — «Редактор»\)/).waitFor();
    await screenshot(ru, 'sa-05-role-needed-ru');
  });

  it('shows a viewer the actions their role cannot use as disabled, naming the role', async () => {
    const answer = await fetch(`${server.url}/api/webrequest/contact-e2e`);
    const viewer = await signedIn('en', VIEWER.email, 'viewer password 2');
    await viewer.goto(`${server.url}/processes/${answer.headers.get('x-process-id')}`);
    const rerun = viewer.getByRole('button', { name: 'Re-run' });
    expect(await rerun.getAttribute('aria-disabled')).toBe('true');
    await rerun.focus();
    await viewer.getByRole('tooltip').filter({ hasText: 'Needs the Editor role' }).waitFor();
  });

  it('shows the server’s refusal of a time limit in Russian and in seconds', async () => {
    const endpoints = (await api.call('GET', '/endpoints')).body.items as Array<{ id: string; slug: string }>;
    const contact = endpoints.find((endpoint) => endpoint.slug === 'contact-e2e')!;
    const editor = await signedIn('ru', EDITOR.email, EDITOR.password);
    await editor.goto(`${server.url}/endpoints/${contact.id}/settings`);
    const timeout = editor.getByLabel('Лимит времени', { exact: true });
    await timeout.fill('100000');
    // The "?" beside it explains the setting in plain words.
    const tip = editor.locator('.field', { has: timeout }).getByRole('button', { name: 'Что значит эта настройка?' });
    await tip.focus();
    await editor.getByRole('tooltip').filter({ hasText: 'Сколько секунд может длиться один запуск' }).waitFor();
    await editor.getByRole('button', { name: 'Сохранить изменения' }).click();
    await editor.getByText('Не больше 60 с (максимум сервера).').waitFor();
    expect(await timeout.getAttribute('aria-invalid')).toBe('true');
    await screenshot(editor, 'sa-06-server-error-ru');
  });
});
