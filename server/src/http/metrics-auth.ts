import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { AppError } from '../core/app-error.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` lists every endpoint's slug and traffic: with METRICS_TOKEN set it answers only
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus' `authorization` / `bearer_token`).
 */
export function requireMetricsToken(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, _res, next) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '');
    // Digests of equal length: the comparison takes the same time whatever was sent.
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) return next();
    next(
      new AppError('unauthorized', '/metrics needs Authorization: Bearer <METRICS_TOKEN>', {
        headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      }),
    );
  };
}
