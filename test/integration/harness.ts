import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/core/config.js';
import { createLogger } from '../../server/src/core/log.js';
import { startServer, type RunningServer } from '../../server/src/server.js';
import { dropTestStore, storeEnv } from './test-store.js';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'correct horse battery';

export interface TestServer extends RunningServer {
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The real server (real runner workers, real embedded store) on 127.0.0.1 and a free port. With
 * SCRIPTGATE_TEST_MONGODB_URI set the store is MongoDB, one database per data directory
 * (test-store.ts); a server started again with the same `dataDir` reuses it.
 */
export async function startTestServer(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'scriptgate-it-')));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    RUNNER_WORKERS: '2',
    SHUTDOWN_GRACE_MS: '2000',
    ...storeEnv(dir),
    ...env,
  });
  const server = await startServer(config, createLogger(config.LOG_LEVEL));
  return {
    ...server,
    dataDir: dir,
    async stop() {
      await server.close();
      if (dataDir) return;
      await rm(dir, { recursive: true, force: true });
      await dropTestStore(dir);
    },
  };
}

export interface AdminClient {
  csrfToken: string;
  cookie: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function signIn(baseUrl: string, email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<AdminClient> {
  const res = await fetch(`${baseUrl}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    csrfToken,
    cookie,
    async call(method, path, body) {
      const r = await fetch(`${baseUrl}/api/admin${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': csrfToken,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: r.status, body: parsed, headers: r.headers };
    },
  };
}

/** Creates an endpoint with the given scenario and returns it (fails the test on error). */
export async function createEndpoint(
  admin: AdminClient,
  slug: string,
  code: string,
  settings: Record<string, unknown> = {},
) {
  const res = await admin.call('POST', '/endpoints', { slug, code, ...settings });
  if (res.status !== 201) throw new Error(`create endpoint failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; slug: string; scenarioVersion: number };
}

export async function waitFor<T>(
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 15_000,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
