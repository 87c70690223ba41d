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

/** The package that installs better-sqlite3 below Node 24 (npm skips it, by its engines, from 24 on). */
const BELOW_NODE_24 = '@scriptgate/server-below-node-24';

/**
 * The embedded store on better-sqlite3, for Nodes without `node:sqlite` (20). It is compiled at
 * install, so it is installed only below Node 24 (server/package.json): an install on 24 needs
 * no compiler. Required only when chosen, through the package that brings it, so a missing or
 * mismatched native build (Node 24 with a binary compiled for 20) is an Error here, not a
 * crash at import. `from` is where packages are resolved from (tests point it elsewhere).
 */
export function loadBetterSqlite3(from: string | URL = import.meta.url): SqliteDriver {
  let wrapper: string;
  try {
    wrapper = createRequire(from).resolve(`${BELOW_NODE_24}/package.json`);
  } catch {
    throw new Error(
      `better-sqlite3 is not installed: npm installs it on Node 20–23 only, and this is Node ${process.versions.node}`,
    );
  }
  const Database = createRequire(wrapper)('better-sqlite3') as typeof BetterSqlite3;
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
