/**
 * The slice of a synchronous SQLite driver the embedded store uses, so it runs on either
 * `node:sqlite` (built into Node ≥ 22.13, no native build) or better-sqlite3 (Node 20).
 * The shape follows better-sqlite3, whose adapter is a thin pass-through; see
 * driver-node.ts for what node:sqlite needs to behave the same.
 */

export type SqliteDriverName = 'node' | 'better';
/** `auto`: node:sqlite when the running Node has it, else better-sqlite3. */
export type SqliteDriverChoice = 'auto' | SqliteDriverName;
export const DRIVER_LABELS: Record<SqliteDriverName, string> = { node: 'node:sqlite', better: 'better-sqlite3' };

export interface SqliteDriver {
  readonly name: SqliteDriverName;
  /** For logs and messages: DRIVER_LABELS. */
  readonly label: string;
  open(file: string, options?: { readonly?: boolean }): SqlDatabase;
}

export interface SqlRunResult {
  /** BigInts are off in both drivers. */
  changes: number;
  lastInsertRowid: number | bigint;
}

/** Positional parameters as a tuple (`[string, number]`), or one object of named ones (`@name` in the SQL). */
export type SqlParams = unknown[] | object;
type BindArgs<P extends SqlParams> = P extends unknown[] ? P : [P];

/** Convert booleans to 0/1 (better-sqlite3 refuses them); `undefined` binds as NULL; integers come back as numbers. */
export interface SqlStatement<P extends SqlParams = unknown[], R = unknown> {
  run(...params: BindArgs<P>): SqlRunResult;
  get(...params: BindArgs<P>): R | undefined;
  all(...params: BindArgs<P>): R[];
}

export interface SqlTransaction<A extends unknown[], R> {
  /** BEGIN (deferred) … COMMIT; inside another transaction, a SAVEPOINT that rolls back alone when `fn` throws. */
  (...args: A): R;
  /** BEGIN IMMEDIATE: takes the write lock up front, so a busy file waits at BEGIN rather than failing mid-way. */
  immediate(...args: A): R;
}

export interface SqlDatabase {
  readonly driver: SqliteDriverName;
  readonly open: boolean;
  prepare<P extends SqlParams = unknown[], R = unknown>(sql: string): SqlStatement<P, R>;
  exec(sql: string): void;
  /** `PRAGMA text`: the rows, or with `simple` the first column of the first row. */
  pragma(text: string, options?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): SqlTransaction<A, R>;
  close(): void;
}

/** Primary result codes by number (node:sqlite reports numbers, better-sqlite3 names). */
const PRIMARY_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
};

/** The extended codes the store tells apart. */
const EXTENDED_CODES: Record<number, string> = {
  275: 'SQLITE_CONSTRAINT_CHECK',
  787: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  1299: 'SQLITE_CONSTRAINT_NOTNULL',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
};

/**
 * The SQLite result code of a driver error as better-sqlite3 names it (`SQLITE_BUSY`,
 * `SQLITE_CONSTRAINT_UNIQUE`, …); undefined for errors that did not come from SQLite.
 */
export function sqliteErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, errcode } = err as { code?: unknown; errcode?: unknown };
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  if (code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number') {
    return EXTENDED_CODES[errcode] ?? PRIMARY_CODES[errcode & 0xff] ?? 'SQLITE_ERROR';
  }
  return undefined;
}

/** The error either driver throws when a closed database (or one of its statements) is used. */
export function isClosedDatabaseError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof TypeError && /database connection is not open/i.test(err.message)) return true;
  const code = (err as { code?: unknown }).code;
  return code === 'ERR_INVALID_STATE' && /database is not open|statement has been finalized/i.test(err.message);
}
