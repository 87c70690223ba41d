import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe } from 'vitest';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = fileURLToPath(new URL('./screenshots/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Runs in the page before the app: the screens are checked in English whatever the browser's language. */
export const PIN_ENGLISH = "localStorage.setItem('scriptgate.language', 'en')";

/** The server serves admin-ui/dist; `npm test` builds it, a lone e2e run builds it if missing. */
export function ensureUiBuilt(): void {
  if (existsSync(`${ROOT}admin-ui/dist/index.html`)) return;
  execFileSync('npm', ['run', 'build', '-w', 'admin-ui'], { cwd: ROOT, stdio: 'inherit' });
}

/**
 * Browser tests need the system Chromium. Without it they skip with one line, except under
 * CI=true, where nothing may skip: the suite then runs and fails at launch.
 */
function browserAvailability(): { run: boolean; reason: string | null } {
  if (existsSync(CHROMIUM_PATH)) return { run: true, reason: null };
  if (process.env.CI === 'true' || process.env.CI === '1') return { run: true, reason: null };
  return {
    run: false,
    reason: `e2e: skipped — ${CHROMIUM_PATH} is missing (apt-get install -y chromium fonts-liberation); with CI=true these tests run and fail instead`,
  };
}

/** `describe` for tests that need Chromium: without it, skipped with one line saying why (see above). */
export function describeInBrowser(name: string, body: () => void): void {
  const { run, reason } = browserAvailability();
  if (reason) console.log(reason);
  describe.skipIf(!run)(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Signs in through the sign-in page (English), landing on the endpoints list. */
export async function signInThroughUi(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/endpoints`);
  await page.waitForURL(/\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Endpoints', level: 1 }).waitFor();
}

/** Saves a full-page screenshot of a main screen under test/e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // From the top, so sticky parts (sidebar, form footer) sit where a user first sees them.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Collects page errors and failed console messages, to show them when a step fails. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // The session probe answers 401 before sign-in; the browser logs that as a failed resource.
    if (message.type() === 'error' && !/status of 401/.test(message.text()))
      problems.push(`console.error: ${message.text()}`);
  });
  return problems;
}
