import { describe, expect, it } from 'vitest';
import type { ProcessRecord } from '../../contract/index.js';
import type { NewProcess, ProcessQuery, Store } from '../types.js';
import { isoAt, newProcess, type GetStore } from './fixtures.js';

const BASE = '2024-05-01T10:00:00.000Z';

/**
 * 24 processes, one a minute from BASE: endpoints alternate (a, b), statuses cycle through
 * succeeded/failed/running/queued, every third one is async. Returned in creation order.
 */
async function seed(store: Store): Promise<NewProcess[]> {
  const statuses = ['succeeded', 'failed', 'running', 'queued'] as const;
  const created: NewProcess[] = [];
  for (let n = 0; n < 24; n += 1) {
    const status = statuses[n % 4] ?? 'succeeded';
    const endpointId = n % 2 === 0 ? 'endpoint-a' : 'endpoint-b';
    const process = newProcess({
      endpointId,
      slug: endpointId === 'endpoint-a' ? 'Contact-Form' : 'orders',
      mode: n % 3 === 0 ? 'async' : 'sync',
      status,
      queuedAt: isoAt(BASE, n * 60_000),
      error:
        status === 'failed' ? { code: 'scenario_error', name: 'Error', message: `Quota EXCEEDED for lead ${n}` } : null,
    });
    process.request.url = `https://gate.example.test/api/webrequest/${process.slug}/Item-${n}?page=${n}`;
    await store.createProcess(process);
    created.push(process);
  }
  return created;
}

async function listAll(store: Store, query: Omit<ProcessQuery, 'limit'>, limit = 200): Promise<ProcessRecord[]> {
  return (await store.listProcesses({ ...query, limit })).items;
}

function expectedIds(processes: NewProcess[], keep: (p: NewProcess) => boolean): string[] {
  return processes
    .filter(keep)
    .map((p) => p.id)
    .reverse();
}

export function listingContract(store: GetStore): void {
  describe('process list', () => {
    it('lists every process newest first as full records', async () => {
      const all = await seed(store());
      const items = await listAll(store(), {});
      expect(items.map((p) => p.id)).toEqual(expectedIds(all, () => true));
      expect(items[0]).toEqual(expect.objectContaining({ request: all[23]?.request, logs: all[23]?.logs }));
    });

    it('filters by endpoint', async () => {
      const all = await seed(store());
      const ids = (await listAll(store(), { endpointId: 'endpoint-b' })).map((p) => p.id);
      expect(ids).toEqual(expectedIds(all, (p) => p.endpointId === 'endpoint-b'));
    });

    it('filters by one status or a list of statuses', async () => {
      const all = await seed(store());
      expect((await listAll(store(), { status: ['failed'] })).map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.status === 'failed'),
      );
      const finishedOrQueued = await listAll(store(), { status: ['succeeded', 'queued'] });
      expect(finishedOrQueued.map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.status === 'succeeded' || p.status === 'queued'),
      );
    });

    it('filters by mode', async () => {
      const all = await seed(store());
      expect((await listAll(store(), { mode: 'async' })).map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.mode === 'async'),
      );
      expect((await listAll(store(), { mode: 'sync' })).map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.mode === 'sync'),
      );
    });

    it('filters by queued time: from is inclusive, to is exclusive', async () => {
      const all = await seed(store());
      const from = isoAt(BASE, 5 * 60_000);
      const to = isoAt(BASE, 10 * 60_000);
      expect((await listAll(store(), { from })).map((p) => p.id)).toEqual(expectedIds(all, (p) => p.queuedAt >= from));
      expect((await listAll(store(), { to })).map((p) => p.id)).toEqual(expectedIds(all, (p) => p.queuedAt < to));
      const window = await listAll(store(), { from, to });
      expect(window.map((p) => p.queuedAt)).toEqual([9, 8, 7, 6, 5].map((m) => isoAt(BASE, m * 60_000)));
    });

    it('searches case-insensitively in slug, url, error message and id', async () => {
      const all = await seed(store());
      expect((await listAll(store(), { q: 'contact-FORM' })).map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.endpointId === 'endpoint-a'),
      );
      expect((await listAll(store(), { q: 'item-17?' })).map((p) => p.id)).toEqual([all[17]?.id]);
      expect((await listAll(store(), { q: 'quota exceeded' })).map((p) => p.id)).toEqual(
        expectedIds(all, (p) => p.status === 'failed'),
      );
      const target = all[6]?.id ?? '';
      expect((await listAll(store(), { q: target.toUpperCase() })).map((p) => p.id)).toEqual([target]);
      expect(await listAll(store(), { q: 'no such text' })).toEqual([]);
      expect(await listAll(store(), { q: '%' })).toEqual([]);
      expect(await listAll(store(), { q: '.*' })).toEqual([]);
    });

    it('finds a process by the message of an error set after it was created', async () => {
      const process = newProcess({ status: 'running', error: null });
      await store().createProcess(process);
      await store().updateProcess(process.id, {
        status: 'failed',
        error: { code: 'x', name: 'Error', message: 'Upstream CRM refused' },
      });
      expect((await listAll(store(), { q: 'crm refused' })).map((p) => p.id)).toEqual([process.id]);
      await store().updateProcess(process.id, { error: null });
      expect(await listAll(store(), { q: 'crm refused' })).toEqual([]);
      expect((await listAll(store(), { q: 'contact-form' })).map((p) => p.id)).toEqual([process.id]);
    });

    it('combines every filter', async () => {
      const all = await seed(store());
      const query = {
        endpointId: 'endpoint-a',
        status: ['succeeded', 'failed', 'running'] as ProcessRecord['status'][],
        mode: 'sync' as const,
        from: isoAt(BASE, 2 * 60_000),
        to: isoAt(BASE, 20 * 60_000),
        q: 'contact',
      };
      const keep = (p: NewProcess) =>
        p.endpointId === 'endpoint-a' &&
        ['succeeded', 'failed', 'running'].includes(p.status) &&
        p.mode === 'sync' &&
        p.queuedAt >= query.from &&
        p.queuedAt < query.to;
      const expected = expectedIds(all, keep);
      expect(expected.length).toBeGreaterThan(1);
      expect((await listAll(store(), query)).map((p) => p.id)).toEqual(expected);
      expect(await store().countProcesses(query)).toBe(expected.length);
    });

    it('pages with a cursor through every item exactly once, even while new processes arrive', async () => {
      const all = await seed(store());
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = await store().listProcesses({ limit: 5, cursor });
        seen.push(...page.items.map((p) => p.id));
        cursor = page.nextCursor;
        pages += 1;
        await store().createProcess(newProcess({ queuedAt: new Date().toISOString() }));
      } while (cursor !== null && pages < 50);
      expect(pages).toBe(5);
      expect(seen).toEqual(expectedIds(all, () => true));
    });

    it('pages through a filtered list and ends with a null cursor', async () => {
      const all = await seed(store());
      const first = await store().listProcesses({ endpointId: 'endpoint-a', limit: 5 });
      expect(first.items).toHaveLength(5);
      expect(typeof first.nextCursor).toBe('string');
      const second = await store().listProcesses({ endpointId: 'endpoint-a', limit: 5, cursor: first.nextCursor });
      expect(second.nextCursor).not.toBeNull();
      const last = await store().listProcesses({ endpointId: 'endpoint-a', limit: 5, cursor: second.nextCursor });
      expect(last.nextCursor).toBeNull();
      expect(last.items).toHaveLength(2);
      const ids = [...first.items, ...second.items, ...last.items].map((p) => p.id);
      expect(ids).toEqual(expectedIds(all, (p) => p.endpointId === 'endpoint-a'));
    });

    it('gives no next cursor when a page holds exactly the rest', async () => {
      await seed(store());
      expect((await store().listProcesses({ limit: 24 })).nextCursor).toBeNull();
      expect((await store().listProcesses({ limit: 23 })).nextCursor).not.toBeNull();
    });

    it('keeps the page size between 1 and 200', async () => {
      for (let n = 0; n < 205; n += 1) await store().createProcess(newProcess());
      expect((await store().listProcesses({ limit: 1000 })).items).toHaveLength(200);
      expect((await store().listProcesses({ limit: 0 })).items).toHaveLength(1);
      expect((await store().listProcesses({ limit: -5 })).items).toHaveLength(1);
      expect((await store().listProcesses({ limit: 3 })).items).toHaveLength(3);
    });

    it('rejects a cursor that it did not make with validation_failed', async () => {
      await expect(store().listProcesses({ limit: 10, cursor: '{"$gt":""}' })).rejects.toMatchObject({
        code: 'validation_failed',
      });
      await expect(store().listProcesses({ limit: 10, cursor: 'Pz8_' })).rejects.toMatchObject({
        code: 'validation_failed',
      });
    });

    it('finds the processes of one Idempotency-Key exactly, alone or within one endpoint, newest first', async () => {
      const keyed = (endpointId: string, idempotencyKey: string | null) => newProcess({ endpointId, idempotencyKey });
      const first = keyed('endpoint-a', 'order-42');
      const elsewhere = keyed('endpoint-b', 'order-42');
      const otherCase = keyed('endpoint-a', 'ORDER-42');
      const longer = keyed('endpoint-a', 'order-42-1');
      const none = keyed('endpoint-a', null);
      const repeat = keyed('endpoint-a', 'order-42');
      for (const process of [first, elsewhere, otherCase, longer, none, repeat]) await store().createProcess(process);

      expect(await store().getProcess(first.id)).toMatchObject({ idempotencyKey: 'order-42' });
      expect(await store().getProcess(none.id)).toMatchObject({ idempotencyKey: null });
      const ids = async (query: Omit<ProcessQuery, 'limit'>) => (await listAll(store(), query)).map((p) => p.id);
      expect(await ids({ idempotencyKey: 'order-42' })).toEqual([repeat.id, elsewhere.id, first.id]);
      expect(await ids({ idempotencyKey: 'order-42', endpointId: 'endpoint-a' })).toEqual([repeat.id, first.id]);
      expect(await ids({ idempotencyKey: 'ORDER-42' })).toEqual([otherCase.id]);
      expect(await ids({ idempotencyKey: 'order-4' })).toEqual([]);
      expect(await ids({ idempotencyKey: 'order-42', status: 'failed' })).toEqual([]);
      const page = await store().listProcesses({ idempotencyKey: 'order-42', limit: 2 });
      expect(page.items.map((p) => p.id)).toEqual([repeat.id, elsewhere.id]);
      const rest = await store().listProcesses({ idempotencyKey: 'order-42', limit: 2, cursor: page.nextCursor });
      expect(rest).toEqual({ items: [expect.objectContaining({ id: first.id })], nextCursor: null });
      expect(await store().countProcesses({ idempotencyKey: 'order-42' })).toBe(3);
      expect(await store().countProcesses({ idempotencyKey: 'order-42', endpointId: 'endpoint-b' })).toBe(1);
    });

    it('rejects filter values of the wrong shape with validation_failed', async () => {
      const bad = [
        { status: ['done'] },
        { mode: 'both' },
        { from: 'yesterday' },
        { endpointId: { $ne: null } },
        { q: { $regex: '.*' } },
        { idempotencyKey: { $gt: '' } },
        { idempotencyKey: 'k'.repeat(256) },
      ] as unknown as ProcessQuery[];
      for (const filter of bad) {
        await expect(store().listProcesses({ ...filter, limit: 10 })).rejects.toMatchObject({
          code: 'validation_failed',
        });
      }
    });

    it('counts processes with the same filters as the list', async () => {
      const all = await seed(store());
      expect(await store().countProcesses({})).toBe(24);
      expect(await store().countProcesses({ endpointId: 'endpoint-a' })).toBe(12);
      expect(await store().countProcesses({ status: ['failed', 'queued'] })).toBe(12);
      expect(await store().countProcesses({ mode: 'async' })).toBe(all.filter((p) => p.mode === 'async').length);
      expect(await store().countProcesses({ q: 'QUOTA' })).toBe(6);
      expect(await store().countProcesses({ from: isoAt(BASE, 20 * 60_000) })).toBe(4);
    });
  });
}
