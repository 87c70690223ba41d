import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { Response } from 'express';
import { isForbiddenSetCookie } from '../admin/admin-cookies.js';

/**
 * The one response policy of the public route (`/api/webrequest/*`, `/api/status/*`).
 *
 * Everything this route answers — a scenario's response, the immediate async answer, a
 * platform error, a preflight — is served from the admin's origin. So every answer is
 * sniff-proof and sandboxed, and what an editor controls (a scenario's headers, an
 * endpoint's configured immediate answer) passes through the filters below before it is
 * written. The only way out of the sandbox is an admin's `cspSandbox: false` on an endpoint,
 * and it applies to that endpoint's scenario responses only.
 */

export const CSP_SANDBOX = 'sandbox';

/** Headers every answer of the public route starts with, before anything else is decided. */
export function applyBaseHeaders(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', CSP_SANDBOX);
  res.setHeader('Referrer-Policy', 'no-referrer');
}

/**
 * Header names a scenario may not send. Hop-by-hop and framing headers belong to the
 * connection; the platform's own headers are set by the platform; the rest act on the
 * whole origin — the admin's — rather than on one response (HSTS, Clear-Site-Data would
 * sign the admin out, reporting endpoints would receive the admin's reports, ...).
 */
const SCENARIO_DENIED = new Set([
  // connection and framing
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'content-length',
  'http2-settings',
  // the platform's own
  'x-process-id',
  'x-content-type-options',
  'idempotent-replayed',
  // origin-wide policies
  'clear-site-data',
  'strict-transport-security',
  'alt-svc',
  'nel',
  'report-to',
  'reporting-endpoints',
  'service-worker-allowed',
  'origin-agent-cluster',
  'accept-ch',
  'critical-ch',
  'set-cookie2',
  'public-key-pins',
  'public-key-pins-report-only',
  'expect-ct',
]);

/** Whether Node would accept this header on a response (the same check `writeHead` makes). */
export function isWritableHeader(name: string, value: string): boolean {
  try {
    validateHeaderName(name);
    validateHeaderValue(name, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A scenario's response headers as they may be written: denied names, admin (and nameless)
 * cookies and anything Node would refuse are dropped. The runner already refuses invalid
 * names and values (the run fails `invalid_response`); this is the last line before the
 * socket, so a header can never make the write throw.
 */
export function scenarioHeaders(headers: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (SCENARIO_DENIED.has(lower)) continue;
    if (lower === 'set-cookie' && isForbiddenSetCookie(value)) continue;
    if (!isWritableHeader(name, value)) continue;
    kept.push([name, value]);
  }
  return kept;
}

/**
 * Names an endpoint's configured immediate async answer may carry. The answer is always
 * JSON and always sandboxed; beyond its body, an editor may add caching hints and custom
 * `x-` headers — never a content type, a cookie or a redirect of their own.
 */
const IMMEDIATE_ALLOWED = new Set([
  'cache-control',
  'expires',
  'pragma',
  'retry-after',
  'link',
  'content-language',
  'etag',
  'last-modified',
  'vary',
]);
const IMMEDIATE_RESERVED_X = new Set(['x-process-id', 'x-content-type-options', 'x-frame-options', 'x-powered-by']);

export function isImmediateHeaderAllowed(name: string): boolean {
  const lower = name.toLowerCase();
  if (IMMEDIATE_ALLOWED.has(lower)) return true;
  return lower.startsWith('x-') && !IMMEDIATE_RESERVED_X.has(lower);
}

/** The configured headers of the immediate async answer that pass the allow-list and Node's checks. */
export function immediateHeaders(configured: Readonly<Record<string, string>>): Array<[string, string]> {
  const kept: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(configured)) {
    if (isImmediateHeaderAllowed(name) && isWritableHeader(name, value)) kept.push([name, value]);
  }
  return kept;
}

export const IMMEDIATE_ALLOWED_DESCRIPTION =
  'x-… (custom), Cache-Control, Expires, Pragma, Retry-After, Link, Content-Language, ETag, Last-Modified, Vary';
