import type { Request, Response } from 'express';
import type { CorsSettings } from '../contract/index.js';
import { AppError } from '../core/app-error.js';

const DEFAULT_ALLOWED_HEADERS = ['content-type', 'accept', 'x-requested-with', 'idempotency-key', 'prefer'];

/**
 * The origin to answer with, or null when the request's Origin is not allowed.
 * With credentials, "*" is never answered: an explicit origin list is required, so an
 * arbitrary Origin is never reflected together with Allow-Credentials.
 */
export function allowedOrigin(cors: CorsSettings, origin: string | undefined): string | null {
  if (!origin || cors.origins.length === 0) return null;
  if (cors.origins.includes(origin)) return origin;
  if (cors.origins.includes('*') && !cors.credentials) return '*';
  return null;
}

/**
 * Whether a call is refused `403 origin_not_allowed` before anything runs: the endpoint lists
 * origins and enforces them (`cors.enforce`, absent = true), and a browser on another origin sent
 * it. Without it the scenario would run and look "Succeeded" while the browser hides the answer.
 * Never refused: calls without `Origin` (server-to-server), and calls from this server's own
 * origins (the API reference's "Try it out"), to which browsers apply no CORS at all.
 */
export function originRefused(cors: CorsSettings, origin: string | undefined, ownOrigins: readonly string[]): boolean {
  if (!origin || cors.enforce === false || cors.origins.length === 0) return false;
  if (ownOrigins.includes(origin)) return false;
  return allowedOrigin(cors, origin) === null;
}

/** The origins this server is reached at: the request's own (TRUST_PROXY honoured), and PUBLIC_URL's. */
export function ownOrigins(req: Request, publicUrl: string | undefined): string[] {
  const own = [`${req.protocol}://${req.host}`];
  if (publicUrl) own.push(new URL(publicUrl).origin);
  return own;
}

/** Says which origin was refused and what fixes it, for the developer of the calling site. */
export function originNotAllowed(origin: string): AppError {
  const shown = origin.length > 200 ? `${origin.slice(0, 200)}…` : origin;
  return new AppError(
    'origin_not_allowed',
    `Calls from the origin ${JSON.stringify(shown)} are not allowed: add it to this endpoint's allowed CORS origins`,
  );
}

/** Adds CORS headers to an actual (non-preflight) response. */
export function applyCorsHeaders(req: Request, res: Response, cors: CorsSettings): void {
  const origin = allowedOrigin(cors, req.get('origin'));
  if (cors.origins.length > 0) res.vary('Origin');
  if (origin === null) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  if (cors.credentials && origin !== '*') res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'X-Process-Id, Location');
}

/** Answers a preflight request itself; the scenario does not run. */
export function answerPreflight(req: Request, res: Response, cors: CorsSettings, methods: readonly string[]): void {
  const origin = allowedOrigin(cors, req.get('origin'));
  res.vary('Origin');
  res.vary('Access-Control-Request-Headers');
  if (origin !== null) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (cors.credentials && origin !== '*') res.setHeader('Access-Control-Allow-Credentials', 'true');
    res.setHeader('Access-Control-Allow-Methods', methods.join(', '));
    const allowed = new Set([...DEFAULT_ALLOWED_HEADERS, ...cors.headers.map((h) => h.toLowerCase())]);
    res.setHeader('Access-Control-Allow-Headers', [...allowed].join(', '));
    if (cors.maxAgeSeconds !== null) res.setHeader('Access-Control-Max-Age', String(cors.maxAgeSeconds));
  }
  res.setHeader('Allow', ['OPTIONS', ...methods].join(', '));
  res.status(204).end();
}
