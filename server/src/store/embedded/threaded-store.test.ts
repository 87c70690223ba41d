import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../core/app-error.js';
import { describeStoreContract } from '../contract.suite.js';
import { endpointInput, newProcess, recordOf, scenarioInput } from '../contract-suite/fixtures.js';
import { createEmbeddedStore } from './embedded-store.js';
import { openThreadedEmbeddedStore } from './threaded-store.js';

// The server's default (SQLITE_THREAD=true): the same store, answered from its own thread.
// The whole contract runs through it, so every method, value and error crosses the thread.
describeStoreContract('embedded on its own thread (SQLITE_THREAD)', async () => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-thread-'));
  const store = await openThreadedEmbeddedStore({ dataDir });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('embedded store thread', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-thread-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('refuses to open a DATA_DIR that cannot hold the database with store_unavailable, as the store itself does', async () => {
    const dir = await tempDir();
    const notADirectory = path.join(dir, 'file');
    await writeFile(notADirectory, 'x');
    const reported: Error[] = [];
    const failure = await openThreadedEmbeddedStore({
      dataDir: notADirectory,
      onFailure: (error) => reported.push(error),
    }).catch((err: unknown) => err);
    expect(isAppError(failure)).toBe(true);
    // The open's own error, not a dead store's: nothing was serving yet.
    expect(reported).toEqual([]);
    expect(failure).toMatchObject({ code: 'store_unavailable', status: 503 });
    expect((failure as Error).message).toMatch(/Cannot open the embedded database/);
  });

  it('keeps what it recorded: the file holds every write once close() resolves', async () => {
    const dir = await tempDir();
    const store = await openThreadedEmbeddedStore({ dataDir: dir });
    const endpoint = await store.createEndpoint(endpointInput({ slug: 'kept' }), scenarioInput());
    const processes = Array.from({ length: 50 }, () => newProcess({ endpointId: endpoint.id, slug: 'kept' }));
    // Issued in one turn: one message to the thread, one commit there.
    await Promise.all(processes.map((process) => store.createProcess(process)));
    await store.close();
    await expect(store.getProcess(processes[0]!.id)).rejects.toMatchObject({ code: 'store_unavailable' });

    const reopened = await createEmbeddedStore({ dataDir: dir });
    try {
      expect((await reopened.getEndpointBySlug('kept'))?.id).toBe(endpoint.id);
      expect(await reopened.countProcesses({ endpointId: endpoint.id })).toBe(50);
      expect(await reopened.getProcess(processes[7]!.id)).toEqual(recordOf(processes[7]!));
    } finally {
      await reopened.close();
    }
  });

  it('answers a failing call with its own error and goes on serving the others', async () => {
    const dir = await tempDir();
    const store = await openThreadedEmbeddedStore({ dataDir: dir });
    try {
      const endpoint = await store.createEndpoint(endpointInput({ slug: 'twice' }), scenarioInput());
      const [duplicate, other] = await Promise.allSettled([
        store.createEndpoint(endpointInput({ slug: 'twice' }), scenarioInput()),
        store.getEndpoint(endpoint.id),
      ]);
      expect(duplicate.status).toBe('rejected');
      const error = (duplicate as PromiseRejectedResult).reason as unknown;
      expect(isAppError(error)).toBe(true);
      expect(error).toMatchObject({ code: 'slug_taken', status: 409 });
      expect(other).toMatchObject({ status: 'fulfilled', value: { id: endpoint.id, slug: 'twice' } });
    } finally {
      await store.close();
    }
  });

  it('closes once, however often close() is called, and lets the process exit', async () => {
    const dir = await tempDir();
    const store = await openThreadedEmbeddedStore({ dataDir: dir });
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await expect(store.listEndpoints()).rejects.toMatchObject({ code: 'store_unavailable' });
  });
});
