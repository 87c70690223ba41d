import type { MongoLiveChannel } from './mongo/live-channel.js';

/** Where live events pass between instances that share a MongoDB (see realtime/cluster.ts). */
export type LiveChannel = MongoLiveChannel;

/** Transient: an event matters for the second it takes to reach the other instances. */
const LIVE_EVENTS_COLLECTION = 'liveevents';
const LIVE_EVENTS_BYTES = 1024 * 1024;

/**
 * Opens the live-events channel in the database MONGODB_URI names, the store's own. Loaded
 * only when MongoDB is used, like the store in open.ts.
 */
export async function openLiveChannel(uri: string): Promise<LiveChannel> {
  const { openMongoLiveChannel } = await import('./mongo/live-channel.js');
  return openMongoLiveChannel(uri, { collectionName: LIVE_EVENTS_COLLECTION, sizeBytes: LIVE_EVENTS_BYTES });
}
