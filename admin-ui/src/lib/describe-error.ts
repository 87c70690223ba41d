import { isApiError } from '../api/client';

export type ErrorKind = 'offline' | 'forbidden' | 'notFound' | 'unauthorized' | 'server' | 'invalid' | 'unknown';

/** Sorts any thrown value into what the user can do about it; each kind has a title and a hint. */
export function errorKind(error: unknown): ErrorKind {
  if (!isApiError(error)) return 'unknown';
  if (error.code === 'network_error' || error.code === 'server_unavailable' || error.code === 'store_unavailable') {
    return 'offline';
  }
  if (error.status === 401) return 'unauthorized';
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'notFound';
  if (error.status >= 500) return 'server';
  if (error.status >= 400) return 'invalid';
  return 'unknown';
}

/** The server's own message for errors that are about what the user sent. */
export function serverMessage(error: unknown): string | null {
  if (isApiError(error) && error.status >= 400 && error.status < 500) return error.message;
  return null;
}
