import { AppError, isAppError } from '../../core/app-error.js';
import type { ErrorCode } from '../../contract/index.js';

/**
 * The messages between the server's event loop and the embedded store's thread (store-thread.ts,
 * threaded-store.ts). Calls and replies travel in batches: one message per turn of either loop.
 */
export type StoreCall = [id: number, method: string, args: unknown[]];
export type StoreReply = [id: number, ok: true, value: unknown] | [id: number, ok: false, error: WireError];

export type ToStoreThread = { calls: StoreCall[] };
export type FromStoreThread =
  { ready: { sqliteDriver: string; methods: string[] } } | { failed: WireError } | { replies: StoreReply[] };

/** An error as it crosses the thread: structured clone would keep neither its class nor its fields. */
export type WireError =
  | {
      app: true;
      code: string;
      message: string;
      status: number;
      details?: unknown;
      headers?: Record<string, string>;
      cause?: string;
    }
  | { app: false; name: string; message: string; code?: string; stack?: string };

export function toWireError(err: unknown): WireError {
  if (isAppError(err)) {
    return {
      app: true,
      code: err.code,
      message: err.message,
      status: err.status,
      ...(err.details !== undefined ? { details: err.details } : {}),
      ...(err.headers !== undefined ? { headers: err.headers } : {}),
      ...(err.cause !== undefined ? { cause: err.cause instanceof Error ? err.cause.message : String(err.cause) } : {}),
    };
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      app: false,
      name: err.name,
      message: err.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(err.stack !== undefined ? { stack: err.stack } : {}),
    };
  }
  return { app: false, name: 'Error', message: String(err) };
}

export function fromWireError(wire: WireError): Error {
  if (wire.app) {
    const error = new AppError(wire.code as ErrorCode, wire.message, {
      status: wire.status,
      ...(wire.details !== undefined ? { details: wire.details as AppError['details'] } : {}),
      ...(wire.headers !== undefined ? { headers: wire.headers } : {}),
    });
    if (wire.cause !== undefined) error.cause = new Error(wire.cause);
    return error;
  }
  const error = new Error(wire.message) as Error & { code?: string };
  error.name = wire.name;
  if (wire.code !== undefined) error.code = wire.code;
  if (wire.stack !== undefined) error.stack = wire.stack;
  return error;
}
