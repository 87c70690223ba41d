import { loadBetterSqlite3 } from './driver-better.js';
import { loadNodeSqlite } from './driver-node.js';
import { DRIVER_LABELS, type SqliteDriver, type SqliteDriverChoice, type SqliteDriverName } from './sql.js';

const LOADERS: Record<SqliteDriverName, () => SqliteDriver> = { node: loadNodeSqlite, better: loadBetterSqlite3 };
/** In auto mode, the built-in driver first: it needs no native build. */
export const DRIVER_PREFERENCE: readonly SqliteDriverName[] = ['node', 'better'];

const loaded = new Map<SqliteDriverName, { driver: SqliteDriver } | { error: Error }>();

/** Loads one driver (once per process); says why when the running Node cannot use it. */
export function probeSqliteDriver(name: SqliteDriverName): { driver: SqliteDriver } | { error: Error } {
  let outcome = loaded.get(name);
  if (!outcome) {
    try {
      outcome = { driver: LOADERS[name]() };
    } catch (err) {
      outcome = { error: err instanceof Error ? err : new Error(String(err)) };
    }
    loaded.set(name, outcome);
  }
  return outcome;
}

/** The driver SQLITE_DRIVER asks for; `auto` takes the first that loads. Throws naming each failure. */
export function loadSqliteDriver(choice: SqliteDriverChoice): SqliteDriver {
  const candidates = choice === 'auto' ? DRIVER_PREFERENCE : [choice];
  const failures: string[] = [];
  for (const name of candidates) {
    const outcome = probeSqliteDriver(name);
    if ('driver' in outcome) return outcome.driver;
    failures.push(`${DRIVER_LABELS[name]}: ${outcome.error.message}`);
  }
  throw new Error(`No SQLite driver can be used (SQLITE_DRIVER=${choice}). ${failures.join('; ')}`);
}
