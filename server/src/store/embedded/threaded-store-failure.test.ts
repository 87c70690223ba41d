import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import { afterEach, expect, it, vi } from 'vitest';
import { endpointInput, scenarioInput } from '../contract-suite/fixtures.js';
import { openThreadedEmbeddedStore } from './threaded-store.js';

// Keeps a handle on the store's thread, so a test can end it as a crash would.
const threads: Worker[] = [];
vi.mock('node:worker_threads', async (importOriginal) => {
  const original = await importOriginal<typeof WorkerThreads>();
  class RecordedWorker extends original.Worker {
    constructor(...args: ConstructorParameters<typeof original.Worker>) {
      super(...args);
      threads.push(this);
    }
  }
  return { ...original, Worker: RecordedWorker };
});

let dataDir: string | undefined;
afterEach(async () => {
  threads.length = 0;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

it('fails the calls waiting and those to come with store_unavailable when its thread dies, and says so once', async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-thread-'));
  const failures: Error[] = [];
  const store = await openThreadedEmbeddedStore({ dataDir, onFailure: (error) => failures.push(error) });
  await store.createEndpoint(endpointInput({ slug: 'before' }), scenarioInput());
  expect(threads).toHaveLength(1);

  const waiting = store.listEndpoints();
  await threads[0]!.terminate();
  await expect(waiting).rejects.toMatchObject({ code: 'store_unavailable' });
  await expect(store.getEndpointBySlug('before')).rejects.toMatchObject({ code: 'store_unavailable' });
  expect(failures).toHaveLength(1);
  expect(failures[0]!.message).toMatch(/store thread exited/);
  await store.close();
});
