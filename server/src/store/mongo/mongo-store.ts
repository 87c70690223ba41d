import type { Connection } from 'mongoose';
import { storeUnavailable, unableToRecord } from '../store-errors.js';
import type { Store } from '../types.js';
import { createAccountRepo } from './account-repo.js';
import { createApiKeyRepo } from './api-key-repo.js';
import { createAuditRepo } from './audit-repo.js';
import { createCallbackRepo } from './callback-repo.js';
import { createDraftRepo } from './draft-repo.js';
import { mapMongoError, openMongoConnection, redactUri } from './connection.js';
import { createEndpointRepo } from './endpoint-repo.js';
import { createHealthRepo } from './health-repo.js';
import { createInputStore } from './input-store.js';
import { createModels, ensureIndexes } from './models.js';
import { createProcessRepo } from './process-repo.js';
import { createQueueRepo } from './queue-repo.js';
import { createRateCounterRepo } from './rate-counter-repo.js';
import { createRetention } from './retention.js';
import { createTokenRepo } from './token-repo.js';
import { createTransferRepo } from './transfer-repo.js';

export interface MongoStoreOptions {
  uri: string;
  /** PROCESS_RETENTION_DAYS: a finished process gets `expireAt` = finishedAt + this. */
  retentionDays: number;
  /** How long a call waits for a reachable server before failing with `store_unavailable`. */
  serverSelectionTimeoutMS?: number;
  /** Database to use instead of the one named in the URI (tests use a fresh one each). */
  dbName?: string;
}

const DAY_MS = 86_400_000;

/**
 * The MongoDB store (mongoose 8). Opens its own connection, creates the collections and the
 * indexes the admin queries need, and maps driver failures to `store_unavailable` so the HTTP
 * layer answers 503 while the database is away (the driver reconnects by itself).
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<Store> {
  const connection = await openMongoConnection(options.uri, {
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS,
    dbName: options.dbName,
  });
  try {
    const models = createModels(connection);
    await ensureIndexes(models);
    const retentionMs = options.retentionDays * DAY_MS;
    const inputs = createInputStore(models);
    const methods: Omit<Store, 'kind'> = {
      ping: () => ping(connection),
      close: async () => {
        await connection.close();
      },
      ...createEndpointRepo(models),
      ...createDraftRepo(models),
      ...createProcessRepo(models, inputs, retentionMs),
      ...createQueueRepo(models, inputs, retentionMs),
      ...createCallbackRepo(models),
      ...createAccountRepo(models),
      ...createTokenRepo(models),
      ...createApiKeyRepo(models),
      ...createRateCounterRepo(models),
      ...createAuditRepo(models),
      ...createRetention(models, inputs),
      ...createTransferRepo(models, inputs, retentionMs),
      ...createHealthRepo(models),
    };
    const store = guardAll(methods);
    // Whatever made the probe fail, the answer is the same: this store cannot record now.
    return {
      ...store,
      checkWritable: () => store.checkWritable().catch((err: unknown) => Promise.reject(unableToRecord(err))),
    };
  } catch (err) {
    await connection.close(true).catch(() => undefined);
    const mapped = mapMongoError(err);
    if (mapped !== err)
      throw storeUnavailable(`MongoDB at ${redactUri(options.uri)} is unreachable: ${(err as Error).message}`, err);
    throw err;
  }
}

/** /readyz: a round trip to the server, not just the driver's idea of the connection state. */
async function ping(connection: Connection): Promise<void> {
  const db = connection.db;
  if (connection.readyState !== 1 || !db) throw storeUnavailable('MongoDB is not connected');
  try {
    await db.command({ ping: 1 });
  } catch (err) {
    throw storeUnavailable(`MongoDB does not answer: ${(err as Error).message}`, err);
  }
}

/** Every method maps driver errors to store codes. */
function guardAll(methods: Omit<Store, 'kind'>): Store {
  const guarded: Record<string, unknown> = { kind: 'mongo' };
  for (const [name, value] of Object.entries(methods)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => Promise<unknown>;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        throw mapMongoError(err);
      }
    };
  }
  return guarded as unknown as Store;
}
