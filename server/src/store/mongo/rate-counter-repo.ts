import mongoose from 'mongoose';
import { counterExpiryMs } from '../rate-counter-input.js';
import { storeUnavailable } from '../store-errors.js';
import { isDuplicateKey } from './connection.js';
import type { Models, RateCounterDoc } from './models.js';

/** A bucket can be contended only by its own window's requests: a few retries always settle it. */
const INCREMENT_ATTEMPTS = 5;

/**
 * Rate-limit counters shared by every instance on one MongoDB. Each increment is one atomic
 * `findOneAndUpdate` with `$inc` (upserting the bucket at 1), so of two requests racing at the
 * limit exactly one sees it. The TTL monitor removes a counter only about once a minute after
 * its window; until then the filter skips it, and the insert that follows collides with it on
 * `_id` — that counter is then restarted at 1, atomically too.
 */
export function createRateCounterRepo(models: Models) {
  const { RateCounter } = models;
  const live = (now: Date) => mongoose.trusted({ $gt: now });
  const expired = (now: Date) => mongoose.trusted({ $lte: now });

  async function incrementRateCounter(bucket: string, expiresAt: string): Promise<number> {
    const _id = String(bucket);
    const expiry = new Date(counterExpiryMs(expiresAt));
    for (let attempt = 0; attempt < INCREMENT_ATTEMPTS; attempt += 1) {
      const now = new Date();
      try {
        const doc = await RateCounter.findOneAndUpdate(
          { _id, expiresAt: live(now) },
          { $inc: { count: 1 }, $setOnInsert: { expiresAt: expiry } },
          { upsert: true, returnDocument: 'after', projection: { count: 1 } },
        ).lean<RateCounterDoc>();
        if (doc) return doc.count;
      } catch (err) {
        // Another request inserted the bucket first (its count is then live: try again), or
        // the bucket is an expired counter the TTL monitor has not removed yet.
        if (!isDuplicateKey(err)) throw err;
      }
      const restarted = await RateCounter.findOneAndUpdate(
        { _id, expiresAt: expired(now) },
        { $set: { count: 1, expiresAt: expiry } },
        { returnDocument: 'after', projection: { count: 1 } },
      ).lean<RateCounterDoc>();
      if (restarted) return restarted.count;
    }
    throw storeUnavailable('A rate counter stayed too contended to update; try again');
  }

  return {
    incrementRateCounter,
    async getRateCounter(bucket: string): Promise<number> {
      const doc = await RateCounter.findOne(
        { _id: String(bucket), expiresAt: live(new Date()) },
        { count: 1 },
      ).lean<RateCounterDoc>();
      return doc?.count ?? 0;
    },
  };
}
