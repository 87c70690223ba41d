import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { isoAt, newProcess, queuedProcess, recordOf, type GetStore } from './fixtures.js';

const LEASE_MS = 30_000;

/** Claims until the queue is empty; returns the ids this owner got. */
async function drain(store: GetStore, owner: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const claimed = await store().claimQueued(owner, LEASE_MS, 2);
    if (!claimed) return ids;
    ids.push(claimed.process.id);
  }
}

export function recoveryContract(store: GetStore): void {
  describe('leases and recovery of interrupted runs', () => {
    it('splits the queue between two owners claiming at the same time without giving any process to both', async () => {
      const queued = Array.from({ length: 40 }, () => queuedProcess());
      for (const process of queued) await store().createProcess(process);
      const [first, second] = await Promise.all([drain(store, 'instance-a'), drain(store, 'instance-b')]);
      expect(first.filter((id) => second.includes(id))).toEqual([]);
      expect([...first, ...second].sort()).toEqual(queued.map((p) => p.id).sort());
    });

    it('lets another owner claim a run whose lease expired, as its next attempt', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      expect((await store().claimQueued('dead-instance', 1, 2))?.process.id).toBe(process.id);
      await sleep(30);
      const reclaimed = await store().claimQueued('live-instance', LEASE_MS, 2);
      expect(reclaimed?.process).toMatchObject({ id: process.id, status: 'running', attempt: 2 });
      expect(reclaimed?.input).toEqual(process.input);
      expect(reclaimed?.process.logs.at(-1)?.text).toBe(
        'Its instance stopped answering (lease expired); retrying (attempt 2 of 2)',
      );
      expect(await store().claimQueued('third-instance', LEASE_MS, 2)).toBeNull();
    });

    it('does not let another owner claim a run whose lease is still live', async () => {
      await store().createProcess(queuedProcess());
      await store().claimQueued('instance-a', LEASE_MS, 2);
      expect(await store().claimQueued('instance-b', LEASE_MS, 2)).toBeNull();
    });

    it('finishes a run as interrupted when its lease expires on its last attempt', async () => {
      const process = queuedProcess({ attempt: 2 });
      await store().createProcess(process);
      await store().claimQueued('dead-instance', 1, 2);
      await sleep(30);
      expect(await store().claimQueued('live-instance', LEASE_MS, 2)).toBeNull();
      const stored = await store().getProcess(process.id);
      expect(stored).toMatchObject({
        status: 'interrupted',
        attempt: 2,
        error: {
          code: 'interrupted',
          name: 'Interrupted',
          message: 'Its instance stopped answering (lease expired) after 2 of 2 attempts',
        },
      });
      expect(stored?.finishedAt).not.toBeNull();
    });

    it('marks the sync runs an owner left running before a restart interrupted, and never requeues them', async () => {
      const started = new Date().toISOString();
      const mine = newProcess({
        status: 'running',
        mode: 'sync',
        owner: 'instance-1',
        startedAt: started,
        finishedAt: null,
        durationMs: null,
      });
      const theirs = newProcess({
        status: 'running',
        mode: 'sync',
        owner: 'instance-2',
        startedAt: started,
        finishedAt: null,
        durationMs: null,
      });
      await store().createProcess(mine);
      await store().createProcess(theirs);
      const now = isoAt(started, 5000);
      expect(await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1', now })).toEqual({
        requeued: [],
        interrupted: [mine.id],
      });
      expect(await store().getProcess(mine.id)).toMatchObject({
        status: 'interrupted',
        attempt: 1,
        finishedAt: now,
        durationMs: 5000,
        error: {
          code: 'interrupted',
          name: 'Interrupted',
          message:
            'Its instance restarted before the run finished (a crash or a forced stop); ' +
            'a sync run is not retried (its caller is gone)',
        },
      });
      expect(await store().getProcess(theirs.id)).toEqual(recordOf(theirs));
    });

    it('marks sync runs older than any sync run can live interrupted, whoever ran them', async () => {
      const now = new Date().toISOString();
      const stale = newProcess({ status: 'running', mode: 'sync', startedAt: isoAt(now, -3600_000), finishedAt: null });
      const live = newProcess({ status: 'running', mode: 'sync', startedAt: isoAt(now, -1000), finishedAt: null });
      await store().createProcess(stale);
      await store().createProcess(live);
      const result = await store().recoverInterrupted({ maxAttempts: 2, now, syncStartedBefore: isoAt(now, -600_000) });
      expect(result).toEqual({ requeued: [], interrupted: [stale.id] });
      expect((await store().getProcess(stale.id))?.error?.message).toBe(
        'Its instance is gone (still recorded running long after any sync run ends); ' +
          'a sync run is not retried (its caller is gone)',
      );
      expect(await store().getProcess(live.id)).toMatchObject({ status: 'running' });
    });

    it('leaves a sync run alone once it finished, even when its owner recovers', async () => {
      const process = newProcess({ status: 'running', mode: 'sync', owner: 'instance-1', finishedAt: null });
      await store().createProcess(process);
      await store().updateProcess(process.id, { status: 'succeeded', finishedAt: new Date().toISOString() });
      expect(await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' })).toEqual({
        requeued: [],
        interrupted: [],
      });
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'succeeded' });
    });

    it('says a run of this instance found at its restart was cut off by the restart, not by a lost lease', async () => {
      const first = queuedProcess();
      const last = queuedProcess({ attempt: 2 });
      await store().createProcess(first);
      await store().createProcess(last);
      await store().claimQueued('instance-1', LEASE_MS, 2);
      await store().claimQueued('instance-1', LEASE_MS, 2);
      const now = isoAt(Date.now(), 1000);
      expect(await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1', now })).toEqual({
        requeued: [first.id],
        interrupted: [last.id],
      });
      expect((await store().getProcess(first.id))?.logs.at(-1)).toEqual({
        level: 'warn',
        time: now,
        text: 'Its instance restarted before the run finished (a crash or a forced stop); retrying (attempt 2 of 2)',
      });
      expect((await store().getProcess(last.id))?.error).toEqual({
        code: 'interrupted',
        name: 'Interrupted',
        message: 'Its instance restarted before the run finished (a crash or a forced stop) after 2 of 2 attempts',
      });
    });

    it('sweeps expired leases in a claim with the attempt limit it is given', async () => {
      const retried = queuedProcess({ attempt: 2 });
      await store().createProcess(retried);
      await store().claimQueued('dead-instance', 1, 3);
      await sleep(30);
      const reclaimed = await store().claimQueued('live-instance', LEASE_MS, 3);
      expect(reclaimed?.process).toMatchObject({ id: retried.id, attempt: 3 });
      expect(reclaimed?.process.logs.at(-1)?.text).toBe(
        'Its instance stopped answering (lease expired); retrying (attempt 3 of 3)',
      );

      const once = queuedProcess();
      await store().createProcess(once);
      await store().claimQueued('dead-instance', 1, 1);
      await sleep(30);
      expect(await store().claimQueued('live-instance', LEASE_MS, 1)).toBeNull();
      expect(await store().getProcess(once.id)).toMatchObject({
        status: 'interrupted',
        attempt: 1,
        error: { message: 'Its instance stopped answering (lease expired) after 1 of 1 attempt' },
      });
    });

    it('does not count a recovered run twice when recovery runs again', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      await store().claimQueued('instance-1', LEASE_MS, 2);
      const first = await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' });
      const again = await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' });
      expect(first.requeued).toEqual([process.id]);
      expect(again).toEqual({ requeued: [], interrupted: [] });
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'queued', attempt: 2 });
    });
  });
}
