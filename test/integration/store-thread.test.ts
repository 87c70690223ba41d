import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../server/src/store/embedded/database.js';
import { loadSqliteDriver } from '../../server/src/store/embedded/drivers.js';
import { createEndpoint, signIn, startTestServer, type TestServer } from './harness.js';

/** How long another writer holds the database file's write lock (below the store's 5 s busy timeout). */
const LOCK_MS = 2_500;

/** The status of a GET sent with this Host header (fetch() would not let a test forge it). */
function raw(base: string, path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

// The `integration` project always runs on the embedded store (vitest.config.ts), whose file
// another writer can lock.
describe('the embedded store on its own thread (SQLITE_THREAD)', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('keeps its event loop free while a run waits for a locked database file, and records the run once the lock goes', async () => {
    server = await startTestServer();
    const admin = await signIn(server.url);
    await createEndpoint(admin, 'held', 'export default (request) => ({ got: request.body })');

    // Another writer (a backup tool, a stuck process) takes the file's write lock.
    const other = loadSqliteDriver('auto').open(path.join(server.dataDir, DATABASE_FILE));
    other.exec('BEGIN IMMEDIATE');
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      other.exec('COMMIT');
      other.close();
    };
    try {
      // An anonymous call whose record cannot be written until the lock goes.
      const held = timed(
        fetch(`${server.url}/api/webrequest/held`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ n: 1 }),
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 200));

      // Meanwhile the event loop is free: liveness answers, and so does a refusal that needs no
      // store (a forged Host). Store calls queue behind the waiting write on the store's thread;
      // with the store on the event loop (SQLITE_THREAD=false) these waited for the lock too.
      const health = await timed(fetch(`${server.url}/healthz`));
      const forged = await timed(raw(server.url, '/api/webrequest/held', { host: 'evil.example' }));
      expect(health.value.status).toBe(200);
      expect(forged.value).toBe(400);
      expect(health.ms).toBeLessThan(LOCK_MS / 2);
      expect(forged.ms).toBeLessThan(LOCK_MS / 2);

      setTimeout(release, LOCK_MS - 200);
      const answer = await held;
      release();
      // The held run was answered only once its record was written, and nothing was lost.
      expect(answer.value.status).toBe(200);
      expect(await answer.value.json()).toEqual({ got: { n: 1 } });
      expect(answer.ms).toBeGreaterThanOrEqual(LOCK_MS - 400);
      const processId = answer.value.headers.get('x-process-id');
      const record = await admin.call('GET', `/processes/${processId}`);
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({ slug: 'held', status: 'succeeded' });
    } finally {
      release();
    }
  });
});
