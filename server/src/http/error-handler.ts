import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../log.js';
import { AppError, errorBody, isAppError } from './errors.js';

export const notFound: RequestHandler = (req, _res, next) => {
  next(new AppError('not_found', `No route for ${req.method} ${req.path}`));
};

interface BodyParserError {
  type?: string;
  status?: number;
}

/** Maps every error to `{ error: { code, message } }`; unknown errors never leak a stack or path. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let appError: AppError;
    if (isAppError(err)) {
      appError = err;
    } else if ((err as BodyParserError)?.type === 'entity.too.large') {
      appError = new AppError('payload_too_large', 'The request body is too large');
    } else if ((err as BodyParserError)?.type === 'entity.parse.failed') {
      appError = new AppError('invalid_body', 'The request body is not valid JSON');
    } else if ((err as BodyParserError)?.status === 404) {
      // serve-static: a file under /assets that does not exist (an old hashed bundle name).
      appError = new AppError('not_found', `No file at ${req.path}`);
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
