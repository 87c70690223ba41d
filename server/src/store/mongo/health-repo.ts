import type { Models } from './models.js';

/** The one document of the `health` collection that the readiness probe rewrites. */
const PROBE_ID = 'readiness';

/**
 * The readiness write probe (`Store.checkWritable`): one upsert, acknowledged by the server
 * with the connection's write concern, so it fails as a run's record would — server down, no
 * primary, disk full, writes refused. Every instance rewrites the same tiny document.
 */
export function createHealthRepo(models: Models) {
  const { Health } = models;
  return {
    async checkWritable(): Promise<void> {
      await Health.updateOne({ _id: PROBE_ID }, { $set: { checkedAt: new Date() } }, { upsert: true });
    },
  };
}
