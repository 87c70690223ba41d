import type { RequestValidationError, TestRunResult } from '../contract/index.js';
import { errorBody } from '../core/app-error.js';
import { requestInvalid } from './request-validation.js';

/**
 * A test run whose request fails the schema: what the public route would answer (`422
 * request_invalid`, the same JSON), and the errors on their own for the panel to mark fields.
 * Nothing ran, so there are no logs, fetches or mails.
 */
export function refusedDraft(validationErrors: RequestValidationError[]): TestRunResult {
  const error = requestInvalid(validationErrors);
  const body = JSON.stringify(errorBody(error.code, error.message, error.details));
  return {
    response: {
      status: error.status,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body,
      bodyEncoding: 'utf8',
      bodyTruncated: false,
    },
    error: { code: error.code, name: 'RequestInvalid', message: error.message },
    validationErrors,
    logs: [],
    fetches: [],
    mails: [],
    durationMs: 0,
  };
}
