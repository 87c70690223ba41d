import { describe, expect, it } from 'vitest';
import { isoAt, newProcess, queuedProcess, recordOf, type GetStore } from './fixtures.js';

const LEASE_MS = 30_000;

export function queueContract(store: GetStore): void {
  describe('async queue', () => {
    it('claims the oldest queued process, marks it running and leases it', async () => {
      const older = queuedProcess({ input: { n: 'older' } });
      const newer = queuedProcess({ input: { n: 'newer' } });
      await store().createProcess(newProcess({ status: 'running', mode: 'async' }));
      await store().createProcess(older);
      await store().createProcess(newer);
      const before = Date.now();
      const claimed = await store().claimQueued('worker-a', LEASE_MS, 2);
      expect(claimed?.process.id).toBe(older.id);
      expect(claimed?.process.status).toBe('running');
      expect(Date.parse(claimed?.process.startedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
      expect(claimed?.input).toEqual({ n: 'older' });
      expect(claimed?.statusTokenHash).toBe(older.statusTokenHash);
      expect(await store().getProcess(older.id)).toEqual(claimed?.process);
      expect((await store().claimQueued('worker-a', LEASE_MS, 2))?.process.id).toBe(newer.id);
      expect(await store().claimQueued('worker-a', LEASE_MS, 2)).toBeNull();
    });

    it('never gives the same process to two claimers', async () => {
      const queued = Array.from({ length: 25 }, () => queuedProcess());
      for (const process of queued) await store().createProcess(process);
      const claims = await Promise.all(
        Array.from({ length: 60 }, (_, n) => store().claimQueued(`worker-${n % 6}`, LEASE_MS, 2)),
      );
      const ids = claims.flatMap((claim) => (claim ? [claim.process.id] : []));
      expect(ids).toHaveLength(25);
      expect(new Set(ids).size).toBe(25);
      expect(await store().countQueued()).toBe(0);
    });

    it('fences the final write by lease owner: only the instance holding the lease may finish a run', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      const claimed = await store().claimQueued('instance-a', LEASE_MS, 2);
      expect(claimed?.process.id).toBe(process.id);
      const finish = { status: 'succeeded' as const, finishedAt: new Date().toISOString(), durationMs: 5 };
      expect(await store().transitionProcess(process.id, ['running'], finish, { leaseOwner: 'instance-b' })).toBeNull();
      expect((await store().getProcess(process.id))?.status).toBe('running');
      const finished = await store().transitionProcess(process.id, ['running'], finish, { leaseOwner: 'instance-a' });
      expect(finished?.status).toBe('succeeded');
    });

    it('counts queued processes', async () => {
      expect(await store().countQueued()).toBe(0);
      await store().createProcess(queuedProcess());
      await store().createProcess(queuedProcess());
      await store().createProcess(newProcess({ status: 'running' }));
      expect(await store().countQueued()).toBe(2);
    });

    it('requeues a run whose lease expired with the next attempt and a log line', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      await store().claimQueued('worker-a', LEASE_MS, 2);
      const now = isoAt(Date.now(), LEASE_MS + 60_000);
      const result = await store().recoverInterrupted({ maxAttempts: 2, now });
      expect(result).toEqual({ requeued: [process.id], interrupted: [] });
      const stored = await store().getProcess(process.id);
      expect(stored).toMatchObject({ status: 'queued', attempt: 2, finishedAt: null });
      expect(stored?.logs.at(-1)).toEqual({
        level: 'warn',
        time: now,
        text: 'Its instance stopped answering (lease expired); retrying (attempt 2 of 2)',
      });
      expect(await store().getProcessInput(process.id)).toEqual(process.input);
      expect((await store().claimQueued('worker-b', LEASE_MS, 2))?.process).toMatchObject({
        id: process.id,
        attempt: 2,
      });
    });

    it('marks a run interrupted and finished when it already used its attempts', async () => {
      const process = queuedProcess({ attempt: 2 });
      await store().createProcess(process);
      await store().claimQueued('worker-a', LEASE_MS, 2);
      const now = isoAt(Date.now(), LEASE_MS + 60_000);
      const result = await store().recoverInterrupted({ maxAttempts: 2, now });
      expect(result).toEqual({ requeued: [], interrupted: [process.id] });
      const stored = await store().getProcess(process.id);
      expect(stored).toMatchObject({
        status: 'interrupted',
        attempt: 2,
        finishedAt: now,
        error: {
          code: 'interrupted',
          name: 'Interrupted',
          message: 'Its instance stopped answering (lease expired) after 2 of 2 attempts',
        },
      });
      expect((await store().listProcesses({ q: 'lease expired', limit: 10 })).items).toHaveLength(1);
      expect(await store().recoverInterrupted({ maxAttempts: 2, now })).toEqual({ requeued: [], interrupted: [] });
    });

    it('leaves running processes with a live lease alone, unless the caller owned them before a restart', async () => {
      const mine = queuedProcess();
      const theirs = queuedProcess();
      await store().createProcess(mine);
      await store().createProcess(theirs);
      await store().claimQueued('instance-1', 10 * 60_000, 2);
      await store().claimQueued('instance-2', 10 * 60_000, 2);
      expect(await store().recoverInterrupted({ maxAttempts: 2 })).toEqual({ requeued: [], interrupted: [] });
      expect(await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' })).toEqual({
        requeued: [mine.id],
        interrupted: [],
      });
      expect(await store().getProcess(theirs.id)).toMatchObject({ status: 'running', attempt: 1 });
    });

    it('never recovers sync runs or finished processes', async () => {
      const sync = newProcess({ status: 'running', mode: 'sync' });
      const done = newProcess({ status: 'succeeded', mode: 'async' });
      await store().createProcess(sync);
      await store().createProcess(done);
      const now = isoAt(Date.now(), 24 * 3600_000);
      expect(await store().recoverInterrupted({ maxAttempts: 2, now })).toEqual({ requeued: [], interrupted: [] });
      expect(await store().getProcess(sync.id)).toEqual(recordOf(sync));
    });

    it('renews the leases an owner holds, and only those', async () => {
      const mine = queuedProcess();
      const theirs = queuedProcess();
      await store().createProcess(mine);
      await store().createProcess(theirs);
      await store().claimQueued('worker-a', 1000, 2);
      await store().claimQueued('worker-b', 1000, 2);
      await store().renewLeases('worker-a', [mine.id, theirs.id], 10 * 60_000);
      await store().renewLeases('worker-a', [], 10 * 60_000);
      const now = isoAt(Date.now(), 60_000);
      expect(await store().recoverInterrupted({ maxAttempts: 2, now })).toEqual({
        requeued: [theirs.id],
        interrupted: [],
      });
      expect(await store().getProcess(mine.id)).toMatchObject({ status: 'running' });
    });

    it('hands a claimed run back to the queue at shutdown with the same attempt, only for its lease owner', async () => {
      const process = queuedProcess({ attempt: 2 });
      await store().createProcess(process);
      await store().claimQueued('instance-a', LEASE_MS, 3);
      expect(await store().releaseRun(process.id, 'instance-b')).toBeNull();
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'running', attempt: 2 });

      const before = Date.now();
      const released = await store().releaseRun(process.id, 'instance-a');
      expect(released).toMatchObject({
        id: process.id,
        status: 'queued',
        attempt: 2,
        startedAt: null,
        finishedAt: null,
      });
      expect(released?.logs.at(-1)).toMatchObject({
        level: 'info',
        text: 'Handed back to the queue at shutdown; it runs again from the start',
      });
      expect(Date.parse(released?.logs.at(-1)?.time ?? '')).toBeGreaterThanOrEqual(before - 1000);
      expect(await store().getProcess(process.id)).toEqual(released);
      expect(await store().getProcessInput(process.id)).toEqual(process.input);
      expect(await store().countQueued()).toBe(1);

      // Its lease went with it: the old owner can neither finish nor renew it, and recovery leaves it alone.
      const finish = { status: 'succeeded' as const, finishedAt: new Date().toISOString() };
      expect(await store().transitionProcess(process.id, ['running'], finish, { leaseOwner: 'instance-a' })).toBeNull();
      await store().renewLeases('instance-a', [process.id], LEASE_MS);
      expect(await store().releaseRun(process.id, 'instance-a')).toBeNull();
      const later = isoAt(Date.now(), 10 * LEASE_MS);
      expect(await store().recoverInterrupted({ maxAttempts: 3, owner: 'instance-a', now: later })).toEqual({
        requeued: [],
        interrupted: [],
      });
      expect((await store().claimQueued('instance-b', LEASE_MS, 3))?.process).toMatchObject({
        id: process.id,
        status: 'running',
        attempt: 2,
      });
    });

    it('hands back only running async runs: not sync, queued, finished or missing ones', async () => {
      const sync = newProcess({ status: 'running', mode: 'sync', owner: 'instance-a', finishedAt: null });
      const queued = queuedProcess();
      const done = newProcess({ mode: 'async' });
      for (const p of [sync, queued, done]) await store().createProcess(p);
      for (const id of [sync.id, queued.id, done.id, 'missing']) {
        expect(await store().releaseRun(id, 'instance-a')).toBeNull();
      }
      expect(await store().getProcess(sync.id)).toEqual(recordOf(sync));
      expect(await store().getProcess(queued.id)).toEqual(recordOf(queued));
    });

    it('releases the lease when a run leaves running, so recovery ignores it', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      await store().claimQueued('worker-a', 1000, 2);
      await store().transitionProcess(process.id, ['running'], {
        status: 'succeeded',
        finishedAt: new Date().toISOString(),
      });
      const now = isoAt(Date.now(), 60_000);
      expect(await store().recoverInterrupted({ maxAttempts: 2, now, owner: 'worker-a' })).toEqual({
        requeued: [],
        interrupted: [],
      });
    });
  });
}
