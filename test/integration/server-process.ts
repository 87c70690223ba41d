import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN_EMAIL, ADMIN_PASSWORD, waitFor } from './harness.js';
import { dropTestStore, storeEnv } from './test-store.js';

/**
 * The built server as a child process (server/dist/main.js), for tests that kill it, signal
 * it or its whole process group, and start it again on the same DATA_DIR (and, with
 * SCRIPTGATE_TEST_MONGODB_URI set, the same MongoDB database: see test-store.ts).
 */

const MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export function createProcessPool() {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  return {
    async freshDir(): Promise<string> {
      const dir = await mkdtemp(join(tmpdir(), 'scriptgate-process-'));
      dirs.push(dir);
      return dir;
    },
    /**
     * Starts the server and waits until it is ready. `group: true` makes it the leader of its own
     * process group (with its runner workers), so a test can signal the group as systemd does.
     */
    async start(
      port: number,
      dir: string,
      env: Record<string, string> = {},
      options: { group?: boolean } = {},
    ): Promise<ServerProcess> {
      const child = spawn(process.execPath, ['--no-node-snapshot', MAIN], {
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: dir,
          SHUTDOWN_GRACE_MS: '5000',
          ADMIN_EMAIL,
          ADMIN_PASSWORD,
          ASYNC_CONCURRENCY: '1',
          RUNNER_WORKERS: '1',
          LOG_LEVEL: 'warn',
          ...storeEnv(dir),
          ...env,
        },
        stdio: ['ignore', 'ignore', 'pipe'],
        detached: options.group === true,
      });
      children.push(child);
      const exited = new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) resolve(child.exitCode);
        else child.once('exit', (code) => resolve(code));
      });
      const url = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok, 30_000, 100);
      return { child, url, exited };
    },
    async cleanup(): Promise<void> {
      // Dead before their database is dropped: a dying server's last write would create it again.
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) {
          try {
            // A group leader takes its workers with it; a plain child has no group of its own.
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        }
      }
      for (const child of children) {
        if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
      }
      for (const dir of dirs) {
        await rm(dir, { recursive: true, force: true });
        await dropTestStore(dir);
      }
    },
  };
}
