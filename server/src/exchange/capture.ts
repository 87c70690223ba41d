import type { Request } from 'express';
import { parse as parseCookies } from 'cookie';
import qs from 'qs';
import type { RunRequest } from '@scriptgate/runner';
import { stripAdminCookies } from '../admin/admin-cookies.js';
import { QS_OPTIONS, type ParsedBody } from './body.js';

/** Lower-cased header names; repeated headers joined with ", " (set-cookie is never sent by clients). */
export function flattenHeaders(headers: Request['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function parseQuery(url: string): Record<string, unknown> {
  const index = url.indexOf('?');
  if (index === -1) return {};
  return qs.parse(url.slice(index + 1), QS_OPTIONS) as Record<string, unknown>;
}

export function requestOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Everything the scenario sees of the request (README "The scenario API", `request`). */
export function captureRequest(
  req: Request,
  parsed: ParsedBody,
  subpath: string,
  publicUrl: string | undefined,
): RunRequest {
  const headers = flattenHeaders(req.headers);
  // The admin's cookies never reach a scenario, its logs or a stored input.
  if (headers.cookie !== undefined) {
    const kept = stripAdminCookies(headers.cookie);
    if (kept === null) delete headers.cookie;
    else headers.cookie = kept;
  }
  const queryIndex = req.originalUrl.indexOf('?');
  const path = queryIndex === -1 ? req.originalUrl : req.originalUrl.slice(0, queryIndex);
  let cookies: Record<string, string> = {};
  if (headers.cookie) {
    try {
      cookies = { ...(parseCookies(headers.cookie) as Record<string, string>) };
    } catch {
      cookies = {};
    }
  }
  return {
    url: requestOrigin(req, publicUrl) + req.originalUrl,
    method: req.method,
    path,
    subpath,
    headers,
    cookies,
    query: parseQuery(req.originalUrl),
    body: parsed.body,
    rawBody: parsed.rawBody,
    files: parsed.files,
    ip: req.ip ?? req.socket.remoteAddress ?? '',
  };
}
