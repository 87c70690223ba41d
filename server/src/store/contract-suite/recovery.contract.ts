import { describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { INTERRUPTED_ERROR } from '../../lifecycle/process-lifecycle.js';
import { isoAt, newProcess, queuedProcess, recordOf, type GetStore } from './fixtures.js';

const LEASE_MS = 30_000;

/** Claims until the queue is empty; returns the ids this owner got. */
async function drain(store: GetStore, owner: string): Promise<string[]> {
  const ids: string[] = [];
  for (;;) {
    const claimed = await store().claimQueued(owner, LEASE_MS);
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
      expect((await store().claimQueued('dead-instance', 1))?.process.id).toBe(process.id);
      await sleep(30);
      const reclaimed = await store().claimQueued('live-instance', LEASE_MS);
      expect(reclaimed?.process).toMatchObject({ id: process.id, status: 'running', attempt: 2 });
      expect(reclaimed?.input).toEqual(process.input);
      expect(reclaimed?.process.logs.at(-1)?.text).toBe('Run interrupted by a server stop; retrying (attempt 2)');
      expect(await store().claimQueued('third-instance', LEASE_MS)).toBeNull();
    });

    it('does not let another owner claim a run whose lease is still live', async () => {
      await store().createProcess(queuedProcess());
      await store().claimQueued('instance-a', LEASE_MS);
      expect(await store().claimQueued('instance-b', LEASE_MS)).toBeNull();
    });

    it('finishes a run as interrupted when its lease expires on its last attempt', async () => {
      const process = queuedProcess({ attempt: 2 });
      await store().createProcess(process);
      await store().claimQueued('dead-instance', 1);
      await sleep(30);
      expect(await store().claimQueued('live-instance', LEASE_MS)).toBeNull();
      const stored = await store().getProcess(process.id);
      expect(stored).toMatchObject({ status: 'interrupted', attempt: 2, error: INTERRUPTED_ERROR });
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
        error: INTERRUPTED_ERROR,
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
      expect(await store().getProcess(stale.id)).toMatchObject({ status: 'interrupted' });
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

    it('does not count a recovered run twice when recovery runs again', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      await store().claimQueued('instance-1', LEASE_MS);
      const first = await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' });
      const again = await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1' });
      expect(first.requeued).toEqual([process.id]);
      expect(again).toEqual({ requeued: [], interrupted: [] });
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'queued', attempt: 2 });
    });
  });
}
