import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

// Issue 15, "Draft, then publish", through the admin in a real browser: a draft saved with
// Ctrl+S survives a reload and another browser while the live version keeps serving; publishing
// shows the diff and takes a note; the versions show author and note; the diff is right just
// after a restore, and restoring the live code adds no version.

const SLUG = 'drafts-e2e';
const DRAFT_CODE = "export default async function handler() {\n  return { answer: 'from the draft' };\n}\n";

/**
 * How long an editor may take to show its text: a fresh page lays Monaco out in steps (it can
 * show one line first), which on a loaded CI machine took longer than `expect.poll`'s 1 s.
 */
const EDITOR_SHOWN = { timeout: 15_000 };

/** The visible text of a Monaco editor (it renders spaces as no-break spaces). */
async function textOf(lines: Locator): Promise<string> {
  return ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
}

describeInBrowser('draft, then publish, in a real browser', () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let admin: Page;
  let consoleProblems: string[];
  let editorUrl = '';

  const scenarioLines = (page: Page = admin) => page.locator('.scenario-editor .view-lines');
  const call = async () => (await (await fetch(`${server.url}/api/webrequest/${SLUG}`)).json()) as unknown;

  const signIn = (page: Page) => signInThroughUi(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);

  beforeAll(async () => {
    ensureUiBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await context.addInitScript(PIN_ENGLISH);
    admin = await context.newPage();
    consoleProblems = watchConsole(admin);
    await signIn(admin);
  });

  afterAll(async () => {
    if (consoleProblems?.length) console.log(`browser console:\n${consoleProblems.join('\n')}`);
    await browser?.close();
    await server?.stop();
  });

  it('says on the create form whether the new endpoint answers at once', async () => {
    await admin.getByRole('link', { name: 'New endpoint' }).first().click();
    await admin.getByRole('radio', { name: /Blank/ }).check();
    await admin.getByLabel(/^Slug/).fill(SLUG);
    const note = admin.getByTestId('create-goes-live');
    await expect.poll(() => note.textContent()).toContain('The endpoint starts off');
    await admin.getByLabel('Enabled', { exact: true }).check();
    await expect.poll(() => note.textContent()).toContain('answers calls as soon as');
    await screenshot(admin, 'dr-01-create-goes-live');
    await admin.getByRole('button', { name: 'Create and open the editor' }).click();
    await admin.waitForURL((url) => /^\/endpoints\/[^/]+$/.test(url.pathname) && url.pathname !== '/endpoints/new');
    editorUrl = admin.url();
    await scenarioLines().waitFor();
    expect(await call()).toEqual({ ok: true, received: null });
  });

  it('saves a draft with Ctrl+S that survives a reload and another browser while version 1 keeps serving', async () => {
    await scenarioLines().click();
    await admin.keyboard.press('Control+A');
    await admin.keyboard.insertText(DRAFT_CODE);
    await admin.keyboard.press('Control+Shift+End');
    await admin.keyboard.press('Delete');
    await admin.getByTestId('draft-state').getByText('Unsaved changes').waitFor();
    await admin.keyboard.press('Control+S');
    await admin.getByTestId('draft-state').getByText('Draft saved', { exact: false }).waitFor();
    expect(await call()).toEqual({ ok: true, received: null });

    await admin.reload();
    await scenarioLines().waitFor();
    await expect.poll(() => textOf(scenarioLines()), EDITOR_SHOWN).toContain('from the draft');
    expect(await admin.getByTestId('draft-state').textContent()).toMatch(/Draft saved .* by .*live: version 1/);
    await screenshot(admin, 'dr-02-draft-saved');

    const other = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-US' });
    await other.addInitScript(PIN_ENGLISH);
    const second = await other.newPage();
    await signIn(second);
    await second.goto(editorUrl);
    await expect.poll(() => textOf(scenarioLines(second)), EDITOR_SHOWN).toContain('from the draft');
    await other.close();
    expect(await call()).toEqual({ ok: true, received: null });
  });

  it('publishes the draft after a diff against the live version, with a note', async () => {
    await admin.getByTestId('publish-scenario').click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Publish version 2?' }).waitFor();
    const diff = dialog.getByTestId('publish-diff');
    await expect
      .poll(() => textOf(diff.locator('.editor.original .view-lines:not(.line-delete)')), EDITOR_SHOWN)
      .toContain('received: request.body');
    await expect
      .poll(() => textOf(diff.locator('.editor.modified .view-lines:not(.line-delete)')), EDITOR_SHOWN)
      .toContain('from the draft');
    await dialog.getByLabel('Note (optional)').fill('Answer from the draft');
    await screenshot(admin, 'dr-03-publish-dialog');
    await dialog.getByTestId('confirm-publish').click();
    await admin.getByText('Version 2 is live', { exact: true }).waitFor();
    expect(await call()).toEqual({ answer: 'from the draft' });
  });

  it('lists versions with author, time and note, and diffs the right versions right after a restore', async () => {
    await admin.getByRole('link', { name: 'Versions' }).click();
    await admin.locator('.monaco-diff-editor').waitFor();
    const items = admin.locator('.version-item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).getByTestId('version-note').textContent()).toBe('Answer from the draft');
    expect(await items.nth(0).getByTestId('version-author').textContent()).toMatch(/^by \S/);
    expect(await items.nth(1).getByTestId('version-note').count()).toBe(0);
    await screenshot(admin, 'dr-04-versions');

    // Version 1 against the live version 2, then restore version 1 as version 3.
    await admin.getByText('Left: version 1 · right: version 2').waitFor();
    await admin.getByRole('button', { name: 'Restore version 1' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await admin.getByText('Version 1 restored as version 3').waitFor();
    await admin.getByText('Left: version 2 · right: version 3').waitFor();
    // Not the view zones that show deleted lines inside the modified side when the diff is inline.
    const original = admin.locator('.monaco-diff-editor .editor.original .view-lines:not(.line-delete)');
    const modified = admin.locator('.monaco-diff-editor .editor.modified .view-lines:not(.line-delete)');
    // The left pane is version 2's code, not the version 1 it showed before the restore.
    await expect.poll(() => textOf(original), EDITOR_SHOWN).toContain('from the draft');
    await expect.poll(() => textOf(modified), EDITOR_SHOWN).toContain('received: request.body');
    await screenshot(admin, 'dr-05-diff-after-restore');
    expect(await call()).toEqual({ ok: true, received: null });
  });

  it('restores a version whose code is live without adding a version', async () => {
    // Newest first: version 3, 2, 1.
    await admin.locator('.version-item').nth(2).click();
    await admin.getByRole('button', { name: 'Restore version 1' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await admin.getByText('Version 1 is the live code already (version 3): nothing changed').waitFor();
    await expect.poll(() => admin.locator('.version-item').count()).toBe(3);
  });

  it('shows the draft controls in Russian', async () => {
    const russian = await browser.newContext({ viewport: { width: 800, height: 860 }, locale: 'ru-RU' });
    await russian.addInitScript("localStorage.setItem('scriptgate.language', 'ru')");
    const page = await russian.newPage();
    await page.goto(`${server.url}/endpoints`);
    await page.waitForURL(/\/sign-in/);
    await page.locator('input[type="email"]').fill(ADMIN_EMAIL);
    await page.locator('input[type="password"]').fill(ADMIN_PASSWORD);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(/\/endpoints$/);
    await page.goto(editorUrl);
    await scenarioLines(page).waitFor();
    await page.getByRole('button', { name: 'Сохранить черновик' }).waitFor();
    await page.getByRole('button', { name: 'Опубликовать…' }).waitFor();
    await screenshot(page, 'dr-06-editor-ru-800');
    await russian.close();
  });
});
