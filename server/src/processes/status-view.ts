import type { ProcessRecord } from '../contract/index.js';

/**
 * What an async caller learns of its run: the answer of the capability status URL, and the
 * body of the callback POSTed when the run ends (the same JSON, README "Calling an endpoint").
 */
export function statusView(process: ProcessRecord) {
  return {
    processId: process.id,
    status: process.status,
    attempt: process.attempt,
    queuedAt: process.queuedAt,
    startedAt: process.startedAt,
    finishedAt: process.finishedAt,
    durationMs: process.durationMs,
    response: process.response
      ? {
          status: process.response.status,
          headers: process.response.headers,
          body: process.response.body,
          bodyEncoding: process.response.bodyEncoding,
          bodyTruncated: process.response.bodyTruncated,
        }
      : null,
    error: process.error ? { code: process.error.code, message: process.error.message } : null,
  };
}
