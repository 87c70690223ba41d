import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { CallbackAttempt, ProcessCallback } from '../../contract/index.js';
import {
  endpointInput,
  isoAt,
  newProcess,
  queuedProcess,
  scenarioInput,
  sentProcess,
  type GetStore,
} from './fixtures.js';

const LEASE_MS = 30_000;
const failedAttempt = (): CallbackAttempt => ({
  at: new Date().toISOString(),
  status: 503,
  error: 'HTTP 503',
  durationMs: 12,
});
const deliveredAttempt = (): CallbackAttempt => ({ at: new Date().toISOString(), status: 204, durationMs: 8 });
const callbackWith = (status: ProcessCallback['status'], nextAttemptAt: string | null): ProcessCallback => ({
  url: 'https://hooks.example.com/done',
  status,
  attempts: status === 'pending' ? [] : [failedAttempt()],
  nextAttemptAt,
});

export function callbackContract(store: GetStore): void {
  describe('callback deliveries', () => {
    it('claims due deliveries oldest due first, and none that is not due, delivered, failed or absent', async () => {
      const now = Date.now();
      const later = sentProcess({}, isoAt(now, -1000));
      const earlier = sentProcess({}, isoAt(now, -60_000));
      const notYet = sentProcess({}, isoAt(now, 60_000));
      const done = sentProcess({ callback: callbackWith('delivered', null) });
      const gaveUp = sentProcess({ callback: callbackWith('failed', null) });
      for (const p of [later, earlier, notYet, done, gaveUp, newProcess()]) await store().createProcess(p);

      const first = await store().claimCallback('instance-a', LEASE_MS);
      expect(first?.id).toBe(earlier.id);
      expect(first?.callback).toEqual(earlier.callback);
      expect((await store().claimCallback('instance-a', LEASE_MS))?.id).toBe(later.id);
      expect(await store().claimCallback('instance-a', LEASE_MS)).toBeNull();
    });

    it('never gives one delivery to two claimers at once', async () => {
      const due = Array.from({ length: 12 }, () => sentProcess({}, isoAt(Date.now(), -1000)));
      for (const p of due) await store().createProcess(p);
      const claims = await Promise.all(
        Array.from({ length: 36 }, (_, n) => store().claimCallback(`instance-${n % 3}`, LEASE_MS)),
      );
      const ids = claims.flatMap((claim) => (claim ? [claim.id] : []));
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
    });

    it('keeps a claimed delivery from others while its lease lives, and frees it when the lease expires', async () => {
      const process = sentProcess({}, isoAt(Date.now(), -1000));
      await store().createProcess(process);
      expect((await store().claimCallback('dead-instance', 1))?.id).toBe(process.id);
      await sleep(30);
      expect((await store().claimCallback('live-instance', LEASE_MS))?.id).toBe(process.id);
      expect(await store().claimCallback('third-instance', LEASE_MS)).toBeNull();
    });

    it('records an attempt only for the lease holder: a late write from an instance that lost the lease is dropped', async () => {
      const process = sentProcess({}, isoAt(Date.now(), -1000));
      await store().createProcess(process);
      await store().claimCallback('slow-instance', 1);
      await sleep(30);
      await store().claimCallback('live-instance', LEASE_MS);
      const late = await store().recordCallbackAttempt(process.id, 'slow-instance', failedAttempt(), {
        status: 'pending',
        nextAttemptAt: isoAt(Date.now(), 10_000),
      });
      expect(late).toBeNull();
      const delivered = deliveredAttempt();
      const recorded = await store().recordCallbackAttempt(process.id, 'live-instance', delivered, {
        status: 'delivered',
        nextAttemptAt: null,
      });
      expect(recorded?.callback).toEqual({
        ...process.callback,
        status: 'delivered',
        attempts: [delivered],
        nextAttemptAt: null,
      });
      expect(await store().getProcess(process.id)).toEqual(recorded);
      // The lease went with the write: not even its holder can record twice.
      expect(
        await store().recordCallbackAttempt(process.id, 'live-instance', delivered, {
          status: 'delivered',
          nextAttemptAt: null,
        }),
      ).toBeNull();
    });

    it('records attempts in order, waits for the next one, and stops claiming once delivered or failed', async () => {
      const process = sentProcess({}, isoAt(Date.now(), -1000));
      await store().createProcess(process);
      const attempts: CallbackAttempt[] = [];
      await store().claimCallback('instance-a', LEASE_MS);
      attempts.push(failedAttempt());
      const nextAttemptAt = isoAt(Date.now(), 60_000);
      const waiting = await store().recordCallbackAttempt(process.id, 'instance-a', attempts[0]!, {
        status: 'pending',
        nextAttemptAt,
      });
      expect(waiting?.callback).toMatchObject({ status: 'pending', attempts, nextAttemptAt });
      expect(await store().claimCallback('instance-a', LEASE_MS)).toBeNull();
      expect(await store().countPendingCallbacks()).toBe(1);

      // A pending callback without a next time is due at once.
      await store().updateProcess(process.id, { callback: { ...waiting!.callback!, nextAttemptAt: null } });
      expect((await store().claimCallback('instance-a', LEASE_MS))?.id).toBe(process.id);
      attempts.push({ at: new Date().toISOString(), error: 'timeout after 10000 ms', durationMs: 10_000 });
      const gaveUp = await store().recordCallbackAttempt(process.id, 'instance-a', attempts[1]!, {
        status: 'failed',
        nextAttemptAt: null,
      });
      expect(gaveUp?.callback).toEqual({ url: process.callback?.url, status: 'failed', attempts, nextAttemptAt: null });
      expect(await store().claimCallback('instance-a', LEASE_MS)).toBeNull();
      expect(await store().countPendingCallbacks()).toBe(0);
    });

    it('delivers again to the given URL, keeping the attempts, only for a finished process', async () => {
      const failed = sentProcess({ callback: callbackWith('failed', null) });
      const plain = newProcess({ mode: 'async' });
      const queued = queuedProcess();
      for (const p of [failed, plain, queued]) await store().createProcess(p);
      const at = new Date().toISOString();

      const restarted = await store().restartCallback(failed.id, 'https://new.example.com/hook', at);
      expect(restarted?.callback).toEqual({
        url: 'https://new.example.com/hook',
        status: 'pending',
        attempts: failed.callback?.attempts,
        nextAttemptAt: at,
      });
      expect(await store().getProcess(failed.id)).toEqual(restarted);
      expect((await store().restartCallback(plain.id, 'https://h.example/x', at))?.callback).toEqual({
        url: 'https://h.example/x',
        status: 'pending',
        attempts: [],
        nextAttemptAt: at,
      });
      expect(await store().restartCallback(queued.id, 'https://h.example/x', at)).toBeNull();
      expect((await store().getProcess(queued.id))?.callback).toBeNull();
      expect(await store().countPendingCallbacks()).toBe(2);
      const claimed = [await store().claimCallback('a', LEASE_MS), await store().claimCallback('a', LEASE_MS)];
      expect(claimed.map((p) => p?.id).sort()).toEqual([failed.id, plain.id].sort());
    });

    it('frees the lease of a delivery that is delivered again, so a late attempt of the old claim is dropped', async () => {
      const process = sentProcess({}, isoAt(Date.now(), -1000));
      await store().createProcess(process);
      await store().claimCallback('instance-a', LEASE_MS);
      await store().restartCallback(process.id, 'https://hooks.example.com/done', new Date().toISOString());
      expect(
        await store().recordCallbackAttempt(process.id, 'instance-a', failedAttempt(), {
          status: 'failed',
          nextAttemptAt: null,
        }),
      ).toBeNull();
      expect((await store().claimCallback('instance-b', LEASE_MS))?.id).toBe(process.id);
    });

    it('counts pending deliveries, due or not, for /metrics', async () => {
      expect(await store().countPendingCallbacks()).toBe(0);
      await store().createProcess(sentProcess({}, isoAt(Date.now(), -1000)));
      await store().createProcess(sentProcess({}, isoAt(Date.now(), 3600_000)));
      await store().createProcess(sentProcess({ callback: callbackWith('delivered', null) }));
      await store().createProcess(newProcess());
      await store().claimCallback('instance-a', LEASE_MS);
      expect(await store().countPendingCallbacks()).toBe(2);
    });

    it('gives an async run interrupted by recovery its callback, due at once, to its endpoint’s URL', async () => {
      const withUrl = endpointInput({ callbackUrl: 'https://hooks.example.com/final' });
      const withoutUrl = endpointInput();
      await store().createEndpoint(withUrl, scenarioInput());
      await store().createEndpoint(withoutUrl, scenarioInput());
      const lastTry = queuedProcess({ endpointId: withUrl.id, attempt: 2 });
      const silent = queuedProcess({ endpointId: withoutUrl.id, attempt: 2 });
      const sync = newProcess({ endpointId: withUrl.id, status: 'running', owner: 'instance-1', finishedAt: null });
      for (const p of [lastTry, silent, sync]) await store().createProcess(p);
      await store().claimQueued('instance-1', LEASE_MS, 2);
      await store().claimQueued('instance-1', LEASE_MS, 2);

      // Its own runs from before a restart: recovered at once, whatever their lease.
      const now = new Date().toISOString();
      const result = await store().recoverInterrupted({ maxAttempts: 2, owner: 'instance-1', now });
      expect(result.interrupted.sort()).toEqual([lastTry.id, silent.id, sync.id].sort());
      expect((await store().getProcess(lastTry.id))?.callback).toEqual({
        url: 'https://hooks.example.com/final',
        status: 'pending',
        attempts: [],
        nextAttemptAt: now,
      });
      expect((await store().getProcess(silent.id))?.callback).toBeNull();
      expect((await store().getProcess(sync.id))?.callback).toBeNull();
      expect((await store().claimCallback('instance-2', LEASE_MS))?.id).toBe(lastTry.id);
    });

    it('gives a run interrupted when its lease expired on its last attempt its callback too', async () => {
      const endpoint = endpointInput({ callbackUrl: 'https://hooks.example.com/final' });
      await store().createEndpoint(endpoint, scenarioInput());
      const process = queuedProcess({ endpointId: endpoint.id, attempt: 2 });
      await store().createProcess(process);
      await store().claimQueued('dead-instance', 1, 2);
      await sleep(30);
      expect(await store().claimQueued('live-instance', LEASE_MS, 2)).toBeNull();
      const stored = await store().getProcess(process.id);
      expect(stored).toMatchObject({ status: 'interrupted', callback: { status: 'pending', attempts: [] } });
      expect((await store().claimCallback('live-instance', LEASE_MS))?.id).toBe(process.id);
    });
  });
}
