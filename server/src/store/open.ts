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
  const { createEmbeddedStore } = await import('./embedded/embedded-store.js');
  const store = await createEmbeddedStore({ dataDir: config.DATA_DIR, driver: config.SQLITE_DRIVER });
  log.info({ dataDir: config.DATA_DIR, sqliteDriver: store.sqliteDriver }, 'store: embedded');
  return store;
}
