import { AppError } from '../core/app-error.js';

/**
 * Rate-limit counters live in the store so that every instance on one database counts the same
 * requests. They are never backed up and expire on their own: `expiresAt` is the end of the
 * window (or of the previous one a sliding window still reads), after which the count is 0.
 */

/** The expiry as epoch milliseconds; a time that does not parse is the caller's bug, refused loudly. */
export function counterExpiryMs(expiresAt: string): number {
  const ms = new Date(expiresAt).getTime();
  if (Number.isNaN(ms)) {
    throw new AppError('validation_failed', 'expiresAt must be an ISO-8601 time', {
      details: { fields: { expiresAt: 'must be an ISO-8601 time' } },
    });
  }
  return ms;
}
