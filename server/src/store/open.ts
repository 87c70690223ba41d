import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';
import type { Store } from './types.js';

/** MongoDB when MONGODB_URI is set, else the embedded file store under DATA_DIR. */
export async function openStore(config: Config, log: Logger): Promise<Store> {
  if (config.MONGODB_URI) {
    const { createMongoStore } = await import('./mongo/mongo-store.js');
    const store = await createMongoStore({ uri: config.MONGODB_URI, retentionDays: config.PROCESS_RETENTION_DAYS });
    log.info('store: MongoDB');
    return store;
  }
  const options = { dataDir: config.DATA_DIR, driver: config.SQLITE_DRIVER };
  const store = config.SQLITE_THREAD
    ? await (
        await import('./embedded/threaded-store.js')
      ).openThreadedEmbeddedStore({
        ...options,
        onFailure: (err) => log.error({ err }, 'store: the embedded database thread stopped; calls fail until restart'),
      })
    : await (await import('./embedded/embedded-store.js')).createEmbeddedStore(options);
  log.info(
    { dataDir: config.DATA_DIR, sqliteDriver: store.sqliteDriver, thread: config.SQLITE_THREAD },
    'store: embedded',
  );
  return store;
}
