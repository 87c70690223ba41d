import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isAppError } from '../../core/app-error.js';
import { storeUnavailable } from '../store-errors.js';
import { ensurePlannerStatistics, migrate } from './schema.js';
import { isClosedDatabaseError, sqliteErrorCode, type SqlDatabase, type SqliteDriver } from './sql.js';

export const DATABASE_FILE = 'scriptgate.db';
const BUSY_TIMEOUT_MS = 5000;

/**
 * Opens (creating when needed) `${dataDir}/scriptgate.db`. WAL plus transactions make the
 * file crash-safe: a `kill -9` loses at most the transactions that had not committed.
 */
export function openDatabase(dataDir: string, driver: SqliteDriver): SqlDatabase {
  let db: SqlDatabase | undefined;
  try {
    const file = path.join(dataDir, DATABASE_FILE);
    prepareDataDir(dataDir, file);
    db = driver.open(file);
    // Only takes effect on a new, empty file; it lets retention hand freed pages back to the OS.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db);
    refreshPlannerStatistics(db);
    return db;
  } catch (err) {
    db?.close();
    if (isAppError(err)) throw err;
    throw storeUnavailable(`Cannot open the embedded database in DATA_DIR: ${errorMessage(err)}`, err);
  }
}

/**
 * DATA_DIR holds secrets (the key file, sealed values, recorded requests), so it is 0700 and
 * the database 0600. SQLite gives its -wal and -shm files the mode of the database file, so
 * creating the database 0600 before the driver opens it covers them; files left by an older
 * version are tightened. An existing directory is tightened only when it is ours (owned by
 * this user, and empty or already holding the database), never a shared one such as /tmp.
 */
export function prepareDataDir(dataDir: string, file: string): void {
  const existed = isDirectory(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const stat = statSync(dataDir);
  const ours = typeof process.getuid !== 'function' || stat.uid === process.getuid();
  if (existed && (stat.mode & 0o077) !== 0 && ours) {
    const entries = readdirSync(dataDir);
    if (entries.length === 0 || entries.includes(DATABASE_FILE)) chmodSync(dataDir, 0o700);
  } else if (!existed) {
    chmodSync(dataDir, 0o700);
  }
  closeSync(openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) tighten(name);
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function tighten(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    // Missing (not created yet), or another user's file we cannot change: nothing to do.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/** Keeps the planner's statistics fresh enough to pick the right index for the list filters. */
export function refreshPlannerStatistics(db: SqlDatabase): void {
  db.pragma('optimize = 0x10002');
  ensurePlannerStatistics(db);
}

/** SQLite result codes that mean the file cannot be used right now, not that the call was wrong. */
const UNAVAILABLE_CODES = new Set([
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_CORRUPT',
  'SQLITE_NOTADB',
  'SQLITE_PROTOCOL',
]);

/** Maps driver errors to the store's codes; anything else passes through unchanged. */
export function mapDatabaseError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (isClosedDatabaseError(err)) return storeUnavailable('The embedded database is closed', err);
  const code = sqliteErrorCode(err);
  // Extended codes such as SQLITE_IOERR_WRITE belong to their primary code.
  if (code !== undefined && [...UNAVAILABLE_CODES].some((c) => code === c || code.startsWith(`${c}_`))) {
    return storeUnavailable(`The embedded database cannot be used: ${errorMessage(err)}`, err);
  }
  return err;
}

export function isUniqueViolation(err: unknown): boolean {
  const code = sqliteErrorCode(err);
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
