/**
 * The answers every documented endpoint shares: the platform's error shape, the immediate
 * async answer, and one response object per error status, referenced by the operations.
 */

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable: `request_invalid`, `unauthorized`, …' },
        message: { type: 'string' },
        processId: { type: 'string', description: 'The process that failed, when one was created.' },
        details: {
          type: 'object',
          description: 'For `request_invalid`: what in the request does not match the schema.',
          properties: {
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: {
                  path: { type: 'string', description: 'JSON Pointer into the request: `/body/email`, `/query/page`.' },
                  message: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const ACCEPTED_SCHEMA = {
  type: 'object',
  required: ['processId', 'status', 'statusUrl'],
  properties: {
    processId: { type: 'string' },
    status: { type: 'string', const: 'queued' },
    statusUrl: {
      type: 'string',
      format: 'uri',
      description: 'Capability URL: GET it for the status, attempt, timings and, once finished, the result.',
    },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** `components.responses`, by the name operations refer to. */
export const ERROR_RESPONSES = {
  BadRequest: errorResponse('`invalid_body` (malformed JSON, or nested too deep) or `invalid_idempotency_key`.'),
  Unauthorized: errorResponse('`unauthorized` (missing or wrong credentials) or `invalid_signature`.'),
  Forbidden: errorResponse(
    '`forbidden` (the API key may not call this endpoint), `ip_not_allowed` or `origin_not_allowed`.',
  ),
  Conflict: errorResponse('`idempotency_in_progress`: the first request with this Idempotency-Key is still running.'),
  PayloadTooLarge: errorResponse('`payload_too_large`.'),
  Unprocessable: errorResponse(
    '`request_invalid` (the request does not match the schema; `details.errors` says where) or `idempotency_key_reused`.',
  ),
  TooManyRequests: errorResponse('`rate_limited`, with `Retry-After`.'),
  ScenarioFailed: errorResponse('`scenario_error` and other failures of the run; `processId` names the process.'),
  Unavailable: errorResponse('`endpoint_busy` (with `Retry-After`) or `shutting_down`.'),
  Timeout: errorResponse('`scenario_timeout`: the run passed its time limit and was stopped.'),
} as const;

export type ErrorResponseName = keyof typeof ERROR_RESPONSES;

export const ERROR_STATUS: Record<ErrorResponseName, string> = {
  BadRequest: '400',
  Unauthorized: '401',
  Forbidden: '403',
  Conflict: '409',
  PayloadTooLarge: '413',
  Unprocessable: '422',
  TooManyRequests: '429',
  ScenarioFailed: '500',
  Unavailable: '503',
  Timeout: '504',
};
