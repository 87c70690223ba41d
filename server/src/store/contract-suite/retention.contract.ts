import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { isoAt, newProcess, queuedProcess, recordOf, sentProcess, type GetStore } from './fixtures.js';

export function retentionContract(store: GetStore): void {
  describe('retention', () => {
    it('removes finished processes older than the cut-off and keeps everything else', async () => {
      const cutoff = new Date().toISOString();
      const old = isoAt(cutoff, -10 * 24 * 3600_000);
      const oldFinished = ['succeeded', 'failed', 'timeout', 'cancelled', 'interrupted'] as const;
      const removed = oldFinished.map((status) => newProcess({ status, queuedAt: old, finishedAt: old }));
      const recent = newProcess({ finishedAt: isoAt(cutoff, 1000) });
      const oldQueued = queuedProcess({ queuedAt: old });
      const oldRunning = newProcess({
        status: 'running',
        mode: 'async',
        queuedAt: old,
        startedAt: old,
        finishedAt: null,
      });
      for (const p of [...removed, recent, oldQueued, oldRunning]) await store().createProcess(p);

      expect(await store().purgeExpired(cutoff)).toEqual({ processes: removed.length });
      for (const p of removed) expect(await store().getProcess(p.id)).toBeNull();
      for (const p of [recent, oldQueued, oldRunning]) expect(await store().getProcess(p.id)).not.toBeNull();
      expect(await store().countProcesses({})).toBe(3);
    });

    // Old records on purpose: the factories give the store a retention longer than any test's
    // timestamps are old, so what removes a process here is the purge and its cut-off alone,
    // never a TTL monitor's timing (lazy on MongoDB, at every access on the CI stand-in).
    it('removes a year-old finished process only once a purge’s cut-off has passed its finish', async () => {
      const now = Date.now();
      const yearOld = newProcess({
        queuedAt: isoAt(now, -365 * 86_400_000),
        finishedAt: isoAt(now, -365 * 86_400_000),
      });
      await store().createProcess(yearOld);
      expect(await store().getProcess(yearOld.id)).toEqual(recordOf(yearOld));
      expect(await store().purgeExpired(isoAt(now, -400 * 86_400_000))).toEqual({ processes: 0 });
      expect(await store().getProcess(yearOld.id)).toEqual(recordOf(yearOld));
      expect(await store().purgeExpired(isoAt(now, -30 * 86_400_000))).toEqual({ processes: 1 });
      expect(await store().getProcess(yearOld.id)).toBeNull();
    });

    it('removes a finished process at its retention even while its callback is still pending', async () => {
      const old = isoAt(Date.now(), -10 * 24 * 3600_000);
      const stuck = sentProcess({ queuedAt: old, finishedAt: old }, old);
      await store().createProcess(stuck);
      expect(await store().countPendingCallbacks()).toBe(1);
      expect(await store().purgeExpired(new Date().toISOString())).toEqual({ processes: 1 });
      expect(await store().getProcess(stuck.id)).toBeNull();
      expect(await store().countPendingCallbacks()).toBe(0);
      expect(await store().claimCallback('instance-a', 30_000)).toBeNull();
    });

    it('removes processes in batches when there are many', async () => {
      const old = isoAt(Date.now(), -10 * 24 * 3600_000);
      for (let n = 0; n < 2500; n += 1) await store().createProcess(newProcess({ queuedAt: old, finishedAt: old }));
      expect(await store().purgeExpired(new Date().toISOString())).toEqual({ processes: 2500 });
      expect(await store().countProcesses({})).toBe(0);
    });

    it('removes expired sessions and idempotency keys (kept 24 h) and keeps live ones', async () => {
      const now = new Date().toISOString();
      const past = isoAt(now, -1000);
      const future = isoAt(now, 3600_000);
      await store().createSession({ id: 'expired', userId: 'u', csrfToken: 'c', createdAt: past, expiresAt: past });
      await store().createSession({ id: 'live', userId: 'u', csrfToken: 'c', createdAt: past, expiresAt: future });
      const key = { endpointId: 'e', fingerprint: 'f'.repeat(64), processId: newId(), response: null, createdAt: past };
      await store().putIdempotency({ ...key, key: 'expired', expiresAt: past });
      await store().putIdempotency({ ...key, key: 'live', expiresAt: future });
      await store().purgeExpired(isoAt(now, -24 * 3600_000), now);
      expect(await store().getSession('live')).not.toBeNull();
      // Gone, not only expired: there is no record left to take over.
      const next = { ...key, key: 'expired', processId: 'next', expiresAt: future };
      expect(await store().takeOverIdempotency('e', 'expired', key.processId, next)).toBe(false);
      expect(await store().getIdempotency('e', 'live')).toMatchObject({ key: 'live', processId: key.processId });
      expect((await store().putIdempotency({ ...key, key: 'live', processId: 'new', expiresAt: future })).created).toBe(
        false,
      );
      expect(
        (await store().putIdempotency({ ...key, key: 'expired', processId: 'new', expiresAt: future })).created,
      ).toBe(true);
    });
  });
}
