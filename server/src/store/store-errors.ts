import { AppError } from '../core/app-error.js';

/** The one way adapters report that the backing database cannot be reached. */
export function storeUnavailable(message: string, cause?: unknown): AppError {
  const error = new AppError('store_unavailable', message);
  if (cause !== undefined) error.cause = cause;
  return error;
}

/**
 * For the readiness probe: whatever made a write fail (a full disk, a read-only file, an error
 * no other call maps), the answer is the same — the store cannot record now.
 */
export function unableToRecord(err: unknown): AppError {
  if (err instanceof AppError && err.code === 'store_unavailable') return err;
  return storeUnavailable(`The store cannot record: ${err instanceof Error ? err.message : String(err)}`, err);
}

export function slugTaken(slug: unknown): AppError {
  return new AppError(
    'slug_taken',
    typeof slug === 'string' ? `The slug "${slug}" is already used` : 'The slug is already used',
  );
}

export function emailTaken(): AppError {
  return new AppError('conflict', 'A user with this email already exists');
}

export function tokenHashTaken(): AppError {
  return new AppError('conflict', 'An API token with this id or hash already exists');
}

export function endpointMissing(endpointId: string): AppError {
  return new AppError('not_found', `Endpoint ${endpointId} does not exist`);
}

export function apiKeyTaken(): AppError {
  return new AppError('conflict', 'An API key with this id or look-up prefix already exists');
}
