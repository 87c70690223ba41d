import mongoose from 'mongoose';
import { searchError, searchLogLine } from '../search-text.js';
import { handedBackLogLine, pendingCallback, recoveryOf, recoveryReasonOf } from '../../lifecycle/process-lifecycle.js';
import type { ProcessRecord } from '../../contract/index.js';
import type { ClaimedProcess, RecoverOptions } from '../types.js';
import type { InputStore } from './input-store.js';
import type { Models, ProcessDoc } from './models.js';
import { callbackFields, expiryOf, fromProcessDoc, RECORD_PROJECTION } from './process-docs.js';
import type { ProcessFilterDoc } from './process-filter.js';

type Candidate = Pick<
  ProcessDoc,
  '_id' | 'endpointId' | 'mode' | 'attempt' | 'startedAt' | 'leaseOwner' | 'leaseExpiresAt' | 'callbackStatus'
>;

export function createQueueRepo(models: Models, inputs: InputStore, retentionMs: number) {
  const { Process, Endpoint } = models;

  /**
   * An async run interrupted here reached its final state with no finishing patch to carry its
   * callback, so it gets it in the same write: due at once, to the endpoint's current URL.
   */
  async function callbackOf(endpointId: string, at: string, now: Date) {
    const endpoint = await Endpoint.findOne({ _id: String(endpointId) }, { settingsJson: 1 }).lean<{
      settingsJson?: string;
    }>();
    const url = endpoint?.settingsJson
      ? (JSON.parse(endpoint.settingsJson) as { callbackUrl?: unknown }).callbackUrl
      : null;
    const callback = pendingCallback(typeof url === 'string' ? url : null, new Date(at));
    return callback ? callbackFields(callback, now) : {};
  }

  /**
   * Requeues or interrupts the matching `running` processes. Each change is a compare-and-set
   * on the status and the lease as read, so a run that was renewed, finished or taken by
   * another instance in the meantime is left alone, and two instances recovering at once
   * never both count the same run.
   */
  async function recover(maxAttempts: number, now: Date, owner: string | null, syncBefore: string | null) {
    const rules: ProcessFilterDoc[] = [{ mode: 'async', leaseExpiresAt: mongoose.trusted({ $lt: now }) }];
    if (owner !== null) rules.push({ leaseOwner: String(owner) });
    if (syncBefore !== null) rules.push({ mode: 'sync', startedAt: mongoose.trusted({ $lt: String(syncBefore) }) });
    const candidates = await Process.find(
      { status: 'running', $or: rules },
      { _id: 1, endpointId: 1, mode: 1, attempt: 1, startedAt: 1, leaseOwner: 1, leaseExpiresAt: 1, callbackStatus: 1 },
    )
      .sort({ _id: 1 })
      .lean<Candidate[]>();
    const requeued: string[] = [];
    const interrupted: string[] = [];
    for (const candidate of candidates) {
      const asRead = {
        _id: candidate._id,
        status: 'running',
        leaseOwner: candidate.leaseOwner ?? null,
        leaseExpiresAt: candidate.leaseExpiresAt ?? null,
      };
      const decision = recoveryOf(
        { mode: candidate.mode, attempt: candidate.attempt, startedAt: candidate.startedAt ?? null },
        maxAttempts,
        now,
        recoveryReasonOf({ mode: candidate.mode, leaseOwner: candidate.leaseOwner ?? null }, owner),
      );
      if (decision.action === 'requeue') {
        const result = await Process.updateOne(asRead, {
          $set: { status: 'queued', startedAt: null, leaseOwner: null, leaseExpiresAt: null, expireAt: null },
          $inc: { attempt: 1 },
          $push: { logs: JSON.stringify(decision.logLine), searchLogs: searchLogLine(decision.logLine) },
        });
        if (result.modifiedCount > 0) requeued.push(candidate._id);
        continue;
      }
      const set: Record<string, unknown> = {
        status: 'interrupted',
        finishedAt: decision.finishedAt,
        errorJson: JSON.stringify(decision.error),
        searchError: searchError(decision.error),
        leaseOwner: null,
        leaseExpiresAt: null,
        expireAt: expiryOf(decision.finishedAt, now, retentionMs),
        ...(candidate.mode === 'async' && !candidate.callbackStatus
          ? await callbackOf(candidate.endpointId, decision.finishedAt, now)
          : {}),
      };
      if (decision.durationMs !== null) set.durationMs = decision.durationMs;
      const result = await Process.updateOne(asRead, { $set: set });
      if (result.modifiedCount > 0) interrupted.push(candidate._id);
    }
    return { requeued, interrupted };
  }

  return {
    async claimQueued(owner: string, leaseMs: number, maxAttempts: number): Promise<ClaimedProcess | null> {
      // Expired leases first: a run whose owner died becomes claimable again as its next attempt.
      await recover(maxAttempts, new Date(), null, null);
      const now = new Date();
      // One atomic findOneAndUpdate: of two instances racing for the same document, one matches.
      const doc = await Process.findOneAndUpdate(
        { status: 'queued' },
        {
          $set: {
            status: 'running',
            startedAt: now.toISOString(),
            leaseOwner: String(owner),
            leaseExpiresAt: new Date(now.getTime() + leaseMs),
          },
        },
        { sort: { _id: 1 }, returnDocument: 'after' },
      ).lean<ProcessDoc>();
      if (!doc) return null;
      return {
        process: fromProcessDoc(doc),
        input: await inputs.read(doc),
        statusTokenHash: doc.statusTokenHash ?? null,
      };
    },

    async renewLeases(owner: string, processIds: string[], leaseMs: number): Promise<void> {
      if (processIds.length === 0) return;
      await Process.updateMany(
        { _id: mongoose.trusted({ $in: processIds.map(String) }), leaseOwner: String(owner), status: 'running' },
        { $set: { leaseExpiresAt: new Date(Date.now() + leaseMs) } },
      );
    },

    /** One findOneAndUpdate fenced by the lease owner: only the instance holding the run hands it back. */
    async releaseRun(id: string, owner: string): Promise<ProcessRecord | null> {
      const handedBack = handedBackLogLine();
      const doc = await Process.findOneAndUpdate(
        { _id: String(id), status: 'running', mode: 'async', leaseOwner: String(owner) },
        {
          $set: { status: 'queued', startedAt: null, leaseOwner: null, leaseExpiresAt: null, expireAt: null },
          $push: { logs: JSON.stringify(handedBack), searchLogs: searchLogLine(handedBack) },
        },
        { returnDocument: 'after', projection: RECORD_PROJECTION },
      ).lean<ProcessDoc>();
      return doc ? fromProcessDoc(doc) : null;
    },

    recoverInterrupted(options: RecoverOptions) {
      const now = new Date(options.now ?? Date.now());
      const syncBefore = options.syncStartedBefore ? new Date(options.syncStartedBefore).toISOString() : null;
      return recover(options.maxAttempts, now, options.owner ?? null, syncBefore);
    },

    countQueued(): Promise<number> {
      return Process.countDocuments({ status: 'queued' }).exec();
    },
  };
}
