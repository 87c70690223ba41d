import type { RequestHandler } from 'express';
import type { Config } from '../core/config.js';
import { AppError } from '../core/app-error.js';
import { isLoopbackListen } from '../core/config-checks.js';

/**
 * Which `Host` headers the server answers to.
 *
 * Absolute URLs the server hands out (an async run's `statusUrl` and `Location`, the
 * scenario's `request.url`) come from PUBLIC_URL, or else from the request's host. A forged
 * `Host` must therefore never be believed: with ALLOWED_HOSTS only those names are served;
 * on a loopback listener only loopback names are (which also stops DNS rebinding from
 * reaching the admin); a server listening on a public address needs PUBLIC_URL or
 * ALLOWED_HOSTS (checked at start, see `hostConfigProblem` in core/config-checks.ts).
 */

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
/** Probes and scrapers call by address: these carry nothing a forged Host could misuse. */
const UNCHECKED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Splits `host[:port]` (IPv6 in brackets) into a lower-cased name and an optional port. */
function splitHost(value: string): { name: string; port: string | null } {
  const lower = value.trim().toLowerCase();
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(lower);
  if (!match) return { name: lower, port: null };
  return { name: match[1] ?? '', port: match[2] ?? null };
}

export function hostMatches(pattern: string, host: string): boolean {
  const want = splitHost(pattern);
  const got = splitHost(host);
  if (want.port !== null && want.port !== got.port) return false;
  if (want.name.startsWith('*.')) {
    const suffix = want.name.slice(1);
    return got.name.endsWith(suffix) && got.name.length > suffix.length;
  }
  return want.name === got.name;
}

/** The names served, or null when any Host is accepted (PUBLIC_URL set: URLs never come from Host). */
export function allowedHostsOf(config: Pick<Config, 'HOST' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>): string[] | null {
  if (config.ALLOWED_HOSTS) return config.ALLOWED_HOSTS;
  if (config.PUBLIC_URL) return null;
  if (isLoopbackListen(config.HOST)) return LOOPBACK_NAMES;
  return null;
}

export function hostGuard(config: Pick<Config, 'HOST' | 'PUBLIC_URL' | 'ALLOWED_HOSTS'>): RequestHandler {
  const allowed = allowedHostsOf(config);
  // Clients send the same few Host values over and over: remember the verdicts (bounded).
  const verdicts = new Map<string, boolean>();
  const isAllowed = (host: string): boolean => {
    let verdict = verdicts.get(host);
    if (verdict === undefined) {
      verdict = host !== '' && allowed!.some((pattern) => hostMatches(pattern, host));
      if (verdicts.size >= 256) verdicts.clear();
      verdicts.set(host, verdict);
    }
    return verdict;
  };
  return (req, _res, next) => {
    if (allowed === null || UNCHECKED_PATHS.has(req.path)) return next();
    if (isAllowed(req.headers.host ?? '')) return next();
    next(new AppError('host_not_allowed', 'This server does not answer to that Host; see ALLOWED_HOSTS'));
  };
}
