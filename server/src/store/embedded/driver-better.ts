import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import {
  DRIVER_LABELS,
  type SqlDatabase,
  type SqliteDriver,
  type SqlParams,
  type SqlStatement,
  type SqlTransaction,
} from './sql.js';

/**
 * The embedded store on better-sqlite3, for Nodes without `node:sqlite` (20). It is an
 * optional dependency: required only when chosen, so a missing or mismatched native build
 * (Node 24 with a binary compiled for 20) is an Error here, not a crash at import.
 */
export function loadBetterSqlite3(): SqliteDriver {
  const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  // The native addon loads with the first database: fail now rather than at the real open.
  new Database(':memory:').close();
  return {
    name: 'better',
    label: DRIVER_LABELS.better,
    open: (file, options) => wrap(new Database(file, { readonly: options?.readonly ?? false })),
  };
}

/** better-sqlite3 already has the shape of SqlDatabase; statements pass through untouched. */
function wrap(db: BetterSqlite3.Database): SqlDatabase {
  return {
    driver: 'better',
    get open() {
      return db.open;
    },
    prepare<P extends SqlParams = unknown[], R = unknown>(sql: string) {
      return db.prepare(sql) as unknown as SqlStatement<P, R>;
    },
    exec(sql) {
      db.exec(sql);
    },
    pragma: (text, options) => db.pragma(text, options),
    transaction<A extends unknown[], R>(fn: (...args: A) => R) {
      return db.transaction(fn) as unknown as SqlTransaction<A, R>;
    },
    close() {
      db.close();
    },
  };
}
