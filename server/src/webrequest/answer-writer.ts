import type { Request, Response } from 'express';
import type { HttpAnswer } from '../exchange/respond.js';
import { CSP_SANDBOX, immediateHeaders } from '../exchange/response-policy.js';
import type { Endpoint } from '../store/types.js';

/**
 * Writing the public route's answers, through the response policy (exchange/response-policy.ts):
 * a scenario's answer (its headers were filtered when the answer was made), the immediate answer
 * of an async call, and a replay of either for a repeated `Idempotency-Key`.
 */

/** Marks a stored answer as an immediate async answer, which is sandboxed whatever the endpoint says. */
const IMMEDIATE_MARK = 'x-scriptgate-immediate';

/** A scenario's answer, through the response policy (its headers were filtered when the answer was made). */
export function writeAnswer(
  req: Request,
  res: Response,
  endpoint: Endpoint,
  answer: HttpAnswer,
  processId: string,
): void {
  res.status(answer.status);
  const ownPolicies: string[] = [];
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') res.append('Set-Cookie', value);
    else if (lower === 'content-security-policy') ownPolicies.push(value);
    else res.setHeader(name, value);
  }
  res.setHeader('X-Process-Id', processId);
  // A scenario's own policies apply on top of the sandbox (browsers enforce every policy
  // sent); only an admin can take the sandbox away, for this endpoint's scenario answers.
  const policies = endpoint.cspSandbox ? [CSP_SANDBOX, ...ownPolicies] : ownPolicies;
  if (policies.length > 0) res.setHeader('Content-Security-Policy', policies);
  else res.removeHeader('Content-Security-Policy');
  if (req.method === 'HEAD' || answer.status === 204 || answer.status === 304) {
    res.end();
    return;
  }
  // A string body would be written together with the headers in its own encoding (UTF-8),
  // turning a Latin-1 header value such as `café` into mojibake: send bytes instead.
  res.end(typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body);
}

/** The immediate answer of an async call: always JSON, configured headers through the allow-list. */
export function immediateAnswer(endpoint: Endpoint, processId: string, statusUrl: string): HttpAnswer {
  const custom = endpoint.asyncResponse;
  const body = JSON.stringify(custom?.body ?? { processId, status: 'queued', statusUrl });
  return {
    status: custom?.status ?? 202,
    headers: [
      ...(custom ? immediateHeaders(custom.headers) : []),
      ['content-type', 'application/json; charset=utf-8'],
      ['location', statusUrl],
      [IMMEDIATE_MARK, '1'],
    ],
    body,
    binary: false,
  };
}

/**
 * Writes `answer` for the process `processId`. An immediate answer (and a replay of one) is
 * always sandboxed; a scenario's answer as its endpoint says.
 */
export function writeAnswerOf(
  req: Request,
  res: Response,
  endpoint: Endpoint,
  answer: HttpAnswer,
  processId: string,
): void {
  const immediate = answer.headers.some(([name]) => name.toLowerCase() === IMMEDIATE_MARK);
  const headers = answer.headers.filter(([name]) => name.toLowerCase() !== IMMEDIATE_MARK);
  writeAnswer(req, res, immediate ? { ...endpoint, cspSandbox: true } : endpoint, { ...answer, headers }, processId);
}
