import mongoose from 'mongoose';
import { FINISHED_STATUSES } from '../../contract/index.js';
import type { InputStore } from './input-store.js';
import type { Models } from './models.js';

const PURGE_BATCH = 1000;

/**
 * The TTL indexes already remove finished processes (`expireAt`), sessions, idempotency
 * keys and rate counters on their own. This explicit purge serves the same port as the embedded store: it
 * applies a retention shorter than the one a process was stamped with when it finished, and
 * removes the input chunks of the processes it deletes. Both go by finish time alone: a callback
 * still pending (a receiver down for longer than the retention) does not keep its process.
 */
export function createRetention(models: Models, inputs: InputStore) {
  const { Process, Session, Idempotency, RateCounter } = models;
  const finished = () => mongoose.trusted({ $in: [...FINISHED_STATUSES] });

  return {
    async purgeExpired(before: string, now?: string): Promise<{ processes: number }> {
      const cutoff = new Date(before).toISOString();
      const at = new Date(now ?? Date.now()).toISOString();
      let processes = 0;
      for (;;) {
        const batch = await Process.find(
          { status: finished(), finishedAt: mongoose.trusted({ $lt: cutoff }) },
          { _id: 1 },
        )
          .limit(PURGE_BATCH)
          .lean<Array<{ _id: string }>>();
        if (batch.length === 0) break;
        const ids = batch.map((doc) => doc._id);
        // The status condition again: a process re-queued since the read is kept.
        const result = await Process.deleteMany({ _id: mongoose.trusted({ $in: ids }), status: finished() });
        await inputs.deleteChunks(ids);
        processes += result.deletedCount;
        if (batch.length < PURGE_BATCH) break;
      }
      await Session.deleteMany({ expiresAt: mongoose.trusted({ $lte: at }) });
      await Idempotency.deleteMany({ expiresAt: mongoose.trusted({ $lte: at }) });
      // Rate counters past their window go (the TTL index does so too, within a minute); audit
      // entries are never purged.
      await RateCounter.deleteMany({ expiresAt: mongoose.trusted({ $lte: new Date(at) }) });
      return { processes };
    },
  };
}
