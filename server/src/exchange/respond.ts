import type { RunOutcome } from '@scriptgate/runner';
import { ERROR_CODES, type ErrorCode, type ProcessResponse } from '../contract/index.js';
import { scenarioHeaders } from './response-policy.js';

/** A fully decided HTTP response, before it is written. */
export interface HttpAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer | string;
  /** True when the body is binary (recorded as base64). */
  binary: boolean;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export function errorAnswer(code: ErrorCode, message: string, processId?: string): HttpAnswer {
  const body = JSON.stringify({ error: { code, message, ...(processId ? { processId } : {}) } });
  return { status: ERROR_CODES[code], headers: [['content-type', JSON_TYPE]], body, binary: false };
}

/**
 * What the scenario returned (or how it failed) as an HTTP response: the table in README "What a
 * scenario returns"; the stages are described in docs/architecture.md.
 */
export function answerFromOutcome(outcome: RunOutcome, processId: string): HttpAnswer {
  if (!outcome.ok) {
    const code: ErrorCode = Object.hasOwn(ERROR_CODES, outcome.error.code) ? outcome.error.code : 'scenario_error';
    return errorAnswer(code, outcome.error.message, processId);
  }
  const result = outcome.result;
  switch (result.kind) {
    case 'undefined':
      return { status: 204, headers: [], body: '', binary: false };
    case 'text':
      return { status: 200, headers: [['content-type', TEXT]], body: result.text, binary: false };
    case 'json':
      return { status: 200, headers: [['content-type', JSON_TYPE]], body: result.json, binary: false };
    case 'response': {
      const headers = scenarioHeaders(result.headers);
      if (result.body.type === 'base64') {
        return { status: result.status, headers, body: Buffer.from(result.body.data, 'base64'), binary: true };
      }
      const body = result.body.type === 'text' ? result.body.text : '';
      return { status: result.status, headers, body, binary: false };
    }
  }
}

function cut(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  return { text: text.slice(0, limit), truncated: true };
}

/** What the process record keeps of the response: headers and a body cut at `limit`. */
export function recordAnswer(answer: HttpAnswer, limit: number): ProcessResponse {
  const headers: Record<string, string> = {};
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}, ${value}`;
  }
  if (answer.binary && Buffer.isBuffer(answer.body)) {
    const slice = answer.body.subarray(0, limit);
    return {
      status: answer.status,
      headers,
      body: slice.toString('base64'),
      bodyEncoding: 'base64',
      bodyTruncated: slice.length < answer.body.length,
    };
  }
  const { text, truncated } = cut(String(answer.body), limit);
  return { status: answer.status, headers, body: text, bodyEncoding: 'utf8', bodyTruncated: truncated };
}
