import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Store } from '../types.js';
import { createEmbeddedStore } from './embedded-store.js';

/**
 * For tests: embedded stores in fresh temporary directories. Call `cleanup` from `afterEach`;
 * it closes every store opened since and removes its directory.
 */
export function tempEmbeddedStores(prefix: string) {
  const opened: Array<{ store: Store; dir: string }> = [];
  return {
    async open(): Promise<Store> {
      const dir = await mkdtemp(path.join(tmpdir(), prefix));
      const store = await createEmbeddedStore({ dataDir: dir });
      opened.push({ store, dir });
      return store;
    },
    async cleanup(): Promise<void> {
      for (const { store, dir } of opened.splice(0)) {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
