import mongoose from 'mongoose';
import {
  FINISHED_STATUSES,
  type CallbackAttempt,
  type ProcessCallback,
  type ProcessRecord,
} from '../../contract/index.js';
import { callbackDueAt } from '../callback-state.js';
import { DUE_AFTER, type Models, type ProcessDoc } from './models.js';
import { callbackFields, dueDate, fromProcessDoc, RECORD_PROJECTION } from './process-docs.js';

/**
 * Durable callback deliveries, leased like async runs: each change is one atomic
 * `findOneAndUpdate`. Only a pending callback has a `callbackDueAt`, and every query for due
 * deliveries carries the partial index's own condition (`> DUE_AFTER`), so it reads that index.
 */
export function createCallbackRepo(models: Models) {
  const { Process } = models;
  const recordOrNull = (doc: ProcessDoc | null): ProcessRecord | null => (doc ? fromProcessDoc(doc) : null);

  return {
    async claimCallback(owner: string, leaseMs: number): Promise<ProcessRecord | null> {
      const now = new Date();
      // Of two instances racing for the same document, one matches: the other's filter no
      // longer does once the lease is set.
      const doc = await Process.findOneAndUpdate(
        {
          callbackDueAt: mongoose.trusted({ $gt: DUE_AFTER, $lte: now }),
          $or: [{ callbackLeaseExpiresAt: null }, { callbackLeaseExpiresAt: mongoose.trusted({ $lte: now }) }],
        },
        {
          $set: {
            callbackLeaseOwner: String(owner),
            callbackLeaseExpiresAt: new Date(now.getTime() + leaseMs),
          },
        },
        { sort: { callbackDueAt: 1, _id: 1 }, returnDocument: 'after', projection: RECORD_PROJECTION },
      ).lean<ProcessDoc>();
      return recordOrNull(doc);
    },

    async recordCallbackAttempt(
      id: string,
      owner: string,
      attempt: CallbackAttempt,
      next: { status: ProcessCallback['status']; nextAttemptAt: string | null },
    ): Promise<ProcessRecord | null> {
      const due = callbackDueAt({ url: '', attempts: [], ...next }, Date.now());
      const doc = await Process.findOneAndUpdate(
        { _id: String(id), callbackLeaseOwner: String(owner) },
        {
          $push: { callbackAttempts: JSON.stringify(attempt) },
          $set: {
            callbackStatus: next.status,
            callbackNextAttemptAt: next.nextAttemptAt,
            callbackDueAt: dueDate(due),
            callbackLeaseOwner: null,
            callbackLeaseExpiresAt: null,
          },
        },
        { returnDocument: 'after', projection: RECORD_PROJECTION },
      ).lean<ProcessDoc>();
      return recordOrNull(doc);
    },

    async restartCallback(id: string, url: string, at: string): Promise<ProcessRecord | null> {
      // Every callback field but the attempts, which stay.
      const restarted = { url: String(url), status: 'pending' as const, attempts: [], nextAttemptAt: at };
      const { callbackAttempts: _kept, ...fields } = callbackFields(restarted, new Date());
      const doc = await Process.findOneAndUpdate(
        { _id: String(id), status: mongoose.trusted({ $in: [...FINISHED_STATUSES] }) },
        { $set: fields },
        { returnDocument: 'after', projection: RECORD_PROJECTION },
      ).lean<ProcessDoc>();
      return recordOrNull(doc);
    },

    countPendingCallbacks(): Promise<number> {
      return Process.countDocuments({ callbackDueAt: mongoose.trusted({ $gt: DUE_AFTER }) }).exec();
    },
  };
}
