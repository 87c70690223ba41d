import mongoose from 'mongoose';
import type { ProcessLogLine } from '../../contract/index.js';
import { searchError } from '../search-text.js';
import { INTERRUPTED_ERROR, MAX_RUN_ATTEMPTS, requeuedLogText } from '../store-errors.js';
import type { ClaimedProcess, RecoverOptions } from '../types.js';
import type { InputStore } from './input-store.js';
import type { Models, ProcessDoc } from './models.js';
import { expiryOf, fromProcessDoc } from './process-docs.js';
import type { ProcessFilterDoc } from './process-filter.js';

type Candidate = Pick<ProcessDoc, '_id' | 'mode' | 'attempt' | 'startedAt' | 'leaseOwner' | 'leaseExpiresAt'>;

export function createQueueRepo(models: Models, inputs: InputStore, retentionMs: number) {
  const { Process } = models;

  /**
   * Requeues or interrupts the matching `running` processes. Each change is a compare-and-set
   * on the status and the lease as read, so a run that was renewed, finished or taken by
   * another instance in the meantime is left alone, and two instances recovering at once
   * never both count the same run.
   */
  async function recover(maxAttempts: number, now: Date, owner: string | null, syncBefore: string | null) {
    const nowIso = now.toISOString();
    const rules: ProcessFilterDoc[] = [{ mode: 'async', leaseExpiresAt: mongoose.trusted({ $lt: now }) }];
    if (owner !== null) rules.push({ leaseOwner: String(owner) });
    if (syncBefore !== null) rules.push({ mode: 'sync', startedAt: mongoose.trusted({ $lt: String(syncBefore) }) });
    const candidates = await Process.find({ status: 'running', $or: rules }, { _id: 1, mode: 1, attempt: 1, startedAt: 1, leaseOwner: 1, leaseExpiresAt: 1 })
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
      // A sync run cannot be retried: its client is gone and its input was never kept.
      if (candidate.mode === 'async' && candidate.attempt < maxAttempts) {
        const line: ProcessLogLine = { level: 'warn', time: nowIso, text: requeuedLogText(candidate.attempt + 1) };
        const result = await Process.updateOne(asRead, {
          $set: { status: 'queued', startedAt: null, leaseOwner: null, leaseExpiresAt: null, expireAt: null },
          $inc: { attempt: 1 },
          $push: { logs: JSON.stringify(line) },
        });
        if (result.modifiedCount > 0) requeued.push(candidate._id);
        continue;
      }
      const started = candidate.startedAt ? Date.parse(candidate.startedAt) : Number.NaN;
      const set: Record<string, unknown> = {
        status: 'interrupted',
        finishedAt: nowIso,
        errorJson: JSON.stringify(INTERRUPTED_ERROR),
        searchError: searchError(INTERRUPTED_ERROR),
        leaseOwner: null,
        leaseExpiresAt: null,
        expireAt: expiryOf(nowIso, now, retentionMs),
      };
      if (!Number.isNaN(started)) set.durationMs = Math.max(0, now.getTime() - started);
      const result = await Process.updateOne(asRead, { $set: set });
      if (result.modifiedCount > 0) interrupted.push(candidate._id);
    }
    return { requeued, interrupted };
  }

  return {
    async claimQueued(owner: string, leaseMs: number): Promise<ClaimedProcess | null> {
      // Expired leases first: a run whose owner died becomes claimable again as its next attempt.
      await recover(MAX_RUN_ATTEMPTS, new Date(), null, null);
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
      return { process: fromProcessDoc(doc), input: await inputs.read(doc), statusTokenHash: doc.statusTokenHash ?? null };
    },

    async renewLeases(owner: string, processIds: string[], leaseMs: number): Promise<void> {
      if (processIds.length === 0) return;
      await Process.updateMany(
        { _id: mongoose.trusted({ $in: processIds.map(String) }), leaseOwner: String(owner), status: 'running' },
        { $set: { leaseExpiresAt: new Date(Date.now() + leaseMs) } },
      );
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
