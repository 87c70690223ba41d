import { describe, expect, it } from 'vitest';
import type { ProcessRecord } from '../../contract/index.js';
import { newId } from '../ids.js';
import type { ProcessQuery, Store } from '../types.js';
import { newProcess, type GetStore } from './fixtures.js';

async function pageThrough(
  store: Store,
  query: Omit<ProcessQuery, 'limit' | 'cursor'>,
  limit: number,
): Promise<ProcessRecord[][]> {
  const pages: ProcessRecord[][] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listProcesses({ ...query, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

export function pagingContract(store: GetStore): void {
  describe('process list paging and filter forms', () => {
    it('pages through processes with the same queued time without duplicates or gaps', async () => {
      // Recent: a finished process is stamped for removal at finishedAt + retention (MongoDB's TTL index).
      const sameTime = new Date(Date.now() - 3600_000).toISOString();
      const created: string[] = [];
      for (let n = 0; n < 31; n += 1) {
        const process = newProcess({ queuedAt: sameTime, startedAt: sameTime, finishedAt: sameTime });
        await store().createProcess(process);
        created.push(process.id);
      }
      const pages = await pageThrough(store(), {}, 7);
      expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 7, 3]);
      expect(pages.flat().map((p) => p.id)).toEqual([...created].reverse());
    });

    it('pages newest first by creation even when processes are written out of order', async () => {
      const ids = Array.from({ length: 12 }, () => newId()).sort();
      const shuffled = [...ids].sort(() => Math.random() - 0.5);
      for (const id of shuffled) await store().createProcess(newProcess({ id }));
      expect((await pageThrough(store(), {}, 5)).flat().map((p) => p.id)).toEqual([...ids].reverse());
    });

    it('accepts one status as a plain value as well as a list', async () => {
      const failed = newProcess({ status: 'failed' });
      await store().createProcess(newProcess({ status: 'succeeded' }));
      await store().createProcess(failed);
      const single = await store().listProcesses({ status: 'failed', limit: 10 });
      expect(single.items.map((p) => p.id)).toEqual([failed.id]);
      expect(await store().countProcesses({ status: 'failed' })).toBe(1);
      expect(await store().countProcesses({ status: [] })).toBe(2);
    });

    it('pages a filtered list to the end when the last page holds exactly the limit', async () => {
      for (let n = 0; n < 10; n += 1)
        await store().createProcess(newProcess({ endpointId: n % 2 === 0 ? 'even' : 'odd' }));
      const pages = await pageThrough(store(), { endpointId: 'even' }, 5);
      expect(pages.map((page) => page.length)).toEqual([5]);
    });

    it('treats an empty search text and empty filter values as no filter', async () => {
      for (let n = 0; n < 3; n += 1) await store().createProcess(newProcess());
      expect(await store().countProcesses({ q: '   ', endpointId: '', from: '' })).toBe(3);
    });
  });
}
