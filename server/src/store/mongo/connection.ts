import mongoose, { type Connection } from 'mongoose';
import { isAppError } from '../../core/app-error.js';
import { storeUnavailable } from '../store-errors.js';

export const DEFAULT_SERVER_SELECTION_TIMEOUT_MS = 5000;

/** `mongodb://user:secret@host/db` → `mongodb://user:***@host/db`: safe to log and to show. */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/i, (_match, scheme: string, credentials: string) => {
    const user = credentials.split(':')[0] ?? '';
    return credentials.includes(':') ? `${scheme}${user}:***@` : `${scheme}${user}@`;
  });
}

/**
 * Opens a dedicated connection (not the mongoose singleton, so tests and tools can hold
 * several). `bufferCommands: false` makes a call made while MongoDB is down fail after
 * server selection instead of queueing silently; `sanitizeFilter` wraps any `$` object that
 * reaches a filter in `$eq`, so only the adapter's own operators (marked `trusted`) run.
 */
export async function openMongoConnection(
  uri: string,
  options: { serverSelectionTimeoutMS?: number | undefined; dbName?: string | undefined } = {},
): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
  });
  connection.set('sanitizeFilter', true);
  try {
    await connection.asPromise();
    return connection;
  } catch (err) {
    await connection.close(true).catch(() => undefined);
    throw storeUnavailable(`MongoDB at ${redactUri(uri)} is unreachable: ${errorMessage(err)}`, err);
  }
}

/** Driver errors that mean "cannot reach the database now", not "the call was wrong". */
const UNAVAILABLE_NAMES = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoClientClosedError',
  'MongoServerClosedError',
  'MongoPoolClearedError',
  'MongoPoolClosedError',
  'MongoOperationTimeoutError',
  'MongoStalePrimaryError',
]);

/** Server codes of a node that is shutting down, stepping down or unreachable. */
const UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

export function isUnavailableError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code, message } = err as { name?: unknown; code?: unknown; message?: unknown };
  if (typeof name === 'string' && UNAVAILABLE_NAMES.has(name)) return true;
  if (typeof code === 'number' && UNAVAILABLE_CODES.has(code)) return true;
  // Mongoose's own wording when a model is used on a closed or never-opened connection.
  return (
    name === 'MongooseError' &&
    typeof message === 'string' &&
    /initial connection|connection .*closed|not connected|buffering timed out/i.test(message)
  );
}

/** Maps driver failures to the store's codes; anything else passes through unchanged. */
export function mapMongoError(err: unknown): unknown {
  if (isAppError(err)) return err;
  if (isUnavailableError(err)) return storeUnavailable(`MongoDB is unavailable: ${errorMessage(err)}`, err);
  return err;
}

export function isDuplicateKey(err: unknown, field?: string): boolean {
  if (typeof err !== 'object' || err === null || (err as { code?: unknown }).code !== 11000) return false;
  if (field === undefined) return true;
  const keyPattern = (err as { keyPattern?: unknown }).keyPattern;
  if (typeof keyPattern === 'object' && keyPattern !== null) return Object.hasOwn(keyPattern, field);
  // Older servers only name the index in the message.
  return String((err as { message?: unknown }).message).includes(field);
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
