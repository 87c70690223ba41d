import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../core/log.js';
import { AppError, errorBody, isAppError } from '../core/app-error.js';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
  /** http-errors' flag: the message was made for the client (a 4xx from Express, serve-static, body-parser). */
  expose?: boolean;
}

/**
 * A client error raised by the framework itself (http-errors with `expose`): a malformed
 * %-escape in the path (400), a static path outside the UI folder (403, answered as 404 so
 * the tree is not mapped), a missing asset (404). The client's fault: no error log line.
 */
function frameworkClientError(err: BodyParserError, path: string): AppError | null {
  const status = err.status;
  if (typeof status !== 'number' || status < 400 || status > 499) return null;
  // serve-static: a missing file (ENOENT, not marked `expose`) or a path outside its folder.
  if (status === 403 || status === 404) return new AppError('not_found', `No file at ${path}`);
  // Express's router marks an undecodable path parameter as a 400 URIError without `expose`.
  if (err.expose !== true && (err as { name?: unknown }).name !== 'URIError') return null;
  if (status === 400) return new AppError('bad_request', 'The request URL is malformed');
  return new AppError('bad_request', 'The request could not be handled', { status });
}

/** Maps every error to `{ error: { code, message } }`; unknown errors never leak a stack or path. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let appError: AppError;
    const clientError = err && typeof err === 'object' ? frameworkClientError(err as BodyParserError, req.path) : null;
    if (isAppError(err)) {
      appError = err;
    } else if ((err as BodyParserError)?.type === 'entity.too.large') {
      appError = new AppError('payload_too_large', 'The request body is too large');
    } else if ((err as BodyParserError)?.type === 'entity.parse.failed') {
      appError = new AppError('invalid_body', 'The request body is not valid JSON');
    } else if (clientError) {
      appError = clientError;
      log.debug({ err, path: req.path }, 'client error');
    } else {
      log.error({ err, requestId: req.get('x-request-id'), path: req.path }, 'unhandled error');
      appError = new AppError('internal_error', 'Internal server error');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (appError.headers) res.set(appError.headers);
    res.status(appError.status).json(errorBody(appError.code, appError.message, appError.details));
  };
}
