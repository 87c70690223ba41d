import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../contract/index.js';

/** The one error type every route throws; `http/error-handler.ts` maps it to JSON. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Omit<ErrorBody['error'], 'code' | 'message'> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: {
      status?: number;
      details?: Omit<ErrorBody['error'], 'code' | 'message'>;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? ERROR_CODES[code];
    this.details = options.details;
    this.headers = options.headers;
  }
}

/** Matches by `code`, not `instanceof`, so errors rebuilt from another module or process still map. */
export function isAppError(err: unknown): err is AppError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    Object.hasOwn(ERROR_CODES, (err as { code: string }).code) &&
    typeof (err as { status?: unknown }).status === 'number'
  );
}

export function errorBody(code: ErrorCode, message: string, details?: AppError['details']): ErrorBody {
  return { error: { code, message, ...details } };
}
