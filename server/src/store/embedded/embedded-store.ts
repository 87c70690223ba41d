import { storeUnavailable, unableToRecord } from '../store-errors.js';
import type { Store } from '../types.js';
import { createAccountRepo } from './account-repo.js';
import { createApiKeyRepo } from './api-key-repo.js';
import { createAuditRepo } from './audit-repo.js';
import { createCallbackRepo } from './callback-repo.js';
import { createDraftRepo } from './draft-repo.js';
import { mapDatabaseError, openDatabase } from './database.js';
import { loadSqliteDriver } from './drivers.js';
import { createEndpointRepo } from './endpoint-repo.js';
import { createHealthRepo } from './health-repo.js';
import { createProcessRepo } from './process-repo.js';
import { createQueueRepo } from './queue-repo.js';
import { createRateCounterRepo } from './rate-counter-repo.js';
import { createRetention } from './retention.js';
import { createSearchIndexer, SEARCH_INDEX_BATCH } from './search-index.js';
import { createTokenRepo } from './token-repo.js';
import { createTransferRepo } from './transfer-repo.js';
import type { SqlDatabase, SqliteDriver, SqliteDriverChoice, SqliteDriverName } from './sql.js';
import { createWriteBatcher, type WriteBatcher } from './write-batch.js';

export interface EmbeddedStoreOptions {
  /** Directory of the database file (`scriptgate.db`); created when missing. */
  dataDir: string;
  /** SQLITE_DRIVER: `auto` (default) takes node:sqlite when this Node has it, else better-sqlite3. */
  driver?: SqliteDriverChoice;
}

/** The embedded store also says which SQLite driver it runs on (for the startup log). */
export type EmbeddedStore = Store & { readonly sqliteDriver: SqliteDriverName };

/** The port with each method allowed to answer synchronously: checked against `Store` by the compiler. */
type SyncOrAsync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R | Promise<R> : T[K];
};

/** Methods that write: they go through the group commit (see write-batch.ts). */
const WRITE_METHODS = new Set<keyof Store>([
  'createEndpoint',
  'updateEndpoint',
  'deleteEndpoint',
  'addScenarioVersion',
  'putScenarioDraft',
  'deleteScenarioDraft',
  'createProcess',
  'updateProcess',
  'patchProcess',
  'transitionProcess',
  'claimQueued',
  'renewLeases',
  'releaseRun',
  'recoverInterrupted',
  'claimCallback',
  'recordCallbackAttempt',
  'restartCallback',
  'putIdempotency',
  'takeOverIdempotency',
  'setIdempotencyResponse',
  'checkWritable',
  'createUser',
  'updateUser',
  'createSession',
  'deleteSession',
  'deleteUserSessions',
  'createApiToken',
  'touchApiToken',
  'revokeApiToken',
  'createApiKey',
  'updateApiKey',
  'touchApiKey',
  'incrementRateCounter',
  'appendAudit',
  'putSecret',
  'deleteSecret',
  'importRecords',
]);

/** How often the background pass looks for runs to index (search-index.ts). */
const SEARCH_INDEX_INTERVAL_MS = 500;

/**
 * The default store: one SQLite file under DATA_DIR, opened with node:sqlite or better-sqlite3
 * (sql.ts). Both drivers are synchronous; every method still returns a Promise (the port is
 * async) and maps driver failures to `store_unavailable`.
 */
export async function createEmbeddedStore({ dataDir, driver = 'auto' }: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const db = openDatabase(dataDir, loadDriver(driver));
  const writes = createWriteBatcher(db);
  const retention = createRetention(db);
  const search = createSearchIndexer(db);
  /**
   * Indexes what waits, a batch per write turn: other writes (recording runs) take their turns
   * between the batches, so a long backlog never holds them up. It stops at a batch short of
   * full — the end of what waited when that batch ran; under load runs keep coming, and chasing
   * each into its own small batch cost a write per commit (searches loop until nothing waits).
   * One loop at a time; the background pass and searches share it.
   */
  let catchingUp: Promise<void> | null = null;
  const catchUp = (): Promise<void> =>
    (catchingUp ??= (async () => {
      try {
        while (db.open && search.hasPending()) {
          const indexed = await writes.enqueue(() => search.indexPending(SEARCH_INDEX_BATCH));
          if (indexed < SEARCH_INDEX_BATCH) break;
        }
      } finally {
        catchingUp = null;
      }
    })());
  // The runs recorded since the last pass, a moment after writes.
  const indexTimer = setInterval(() => {
    if (!db.open || catchingUp || !search.hasPending()) return;
    catchUp().catch(() => {
      // A failed pass leaves the rows pending; the next pass or search retries them.
    });
  }, SEARCH_INDEX_INTERVAL_MS);
  indexTimer.unref();

  const methods: SyncOrAsync<Store> = {
    kind: 'embedded',
    ping() {
      db.prepare('SELECT 1').get();
    },
    close() {
      clearInterval(indexTimer);
      if (!db.open) return;
      writes.flush();
      optimizeQuietly(db);
      db.close();
    },
    ...createEndpointRepo(db),
    ...createDraftRepo(db),
    ...createProcessRepo(db),
    ...createQueueRepo(db),
    ...createCallbackRepo(db),
    ...createAccountRepo(db),
    ...createTokenRepo(db),
    ...createApiKeyRepo(db),
    ...createRateCounterRepo(db),
    ...createAuditRepo(db),
    ...createTransferRepo(db),
    ...createHealthRepo(db, dataDir),
    purgeExpired: retention.purgeExpired,
  };
  const store = guardAll(methods, db, writes);
  /** A search sees every recorded run: the rows still pending are indexed first. */
  const caughtUp = async (filter: { q?: string }): Promise<void> => {
    // Again while rows wait: a loop that was finishing may have checked before this search came.
    while (filter.q && db.open && search.hasPending()) {
      await catchUp().catch((err: unknown) => {
        throw mapDatabaseError(err);
      });
    }
  };
  return {
    ...store,
    listProcesses: async (query) => {
      await caughtUp(query);
      return store.listProcesses(query);
    },
    countProcesses: async (filter) => {
      await caughtUp(filter);
      return store.countProcesses(filter);
    },
    // Batched like every write, so it fails when the batch's commit fails; any failure is `store_unavailable`.
    checkWritable: () => store.checkWritable().catch((err: unknown) => Promise.reject(unableToRecord(err))),
    sqliteDriver: db.driver,
  };
}

function loadDriver(choice: SqliteDriverChoice): SqliteDriver {
  try {
    return loadSqliteDriver(choice);
  } catch (err) {
    throw storeUnavailable(
      `Cannot open the embedded database: ${err instanceof Error ? err.message : String(err)}`,
      err,
    );
  }
}

/** Every method returns a Promise, writes are batched, and driver errors become store codes. */
function guardAll(methods: SyncOrAsync<Store>, db: SqlDatabase, writes: WriteBatcher): Store {
  const guarded: Record<string, unknown> = { kind: methods.kind };
  for (const [name, value] of Object.entries(methods)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => unknown;
    const batched = WRITE_METHODS.has(name as keyof Store);
    guarded[name] = async (...args: unknown[]) => {
      try {
        // Checked here, the same for both drivers: a closed database is unavailable, not a bug.
        if (!db.open && name !== 'close') throw storeUnavailable('The embedded database is closed');
        return await (batched ? writes.enqueue(() => method(...args)) : method(...args));
      } catch (err) {
        throw mapDatabaseError(err);
      }
    };
  }
  return guarded as unknown as Store;
}

function optimizeQuietly(db: SqlDatabase): void {
  try {
    db.pragma('optimize');
  } catch {
    // Statistics are an optimisation; closing must not fail because of them.
  }
}
