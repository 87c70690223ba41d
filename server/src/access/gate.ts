import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { Endpoint, Store } from '../store/types.js';
import { apiKeyFrom, keyUnusableReason, lookupOf, type ApiKeyHasher } from './api-keys.js';
import { basicCredentials, type BasicVerifier } from './basic.js';
import { verifySignature } from './hmac.js';
import { compileAllowlist, type Allowlist } from './ip-allowlist.js';
import type { JwtVerifiers } from './jwt.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * The checks an endpoint makes of its caller before anything else happens (README
 * "Protecting an endpoint"): the IP allowlist, a rate limit by address, the access type, then
 * a rate limit by caller. A refusal throws the SPEC's error; nothing has been read past the
 * headers (except the raw body an HMAC endpoint must verify), no process exists, the scenario
 * has not run.
 */

export interface AccessGateDeps {
  store: Pick<Store, 'getApiKeyByLookup' | 'touchApiKey'>;
  apiKeys: ApiKeyHasher;
  basic: BasicVerifier;
  jwt: JwtVerifiers;
  rateLimiter: RateLimiter;
  /** Opens a sealed endpoint secret; null when no key at hand opens it. */
  openSecret(endpointId: string, sealed: string): string | null;
}

export interface CallerRequest {
  ip: string;
  headers: IncomingHttpHeaders;
}

const unauthorized = (message: string, headers?: Record<string, string>) =>
  new AppError('unauthorized', message, headers ? { headers } : {});

export function createAccessGate(deps: AccessGateDeps) {
  // Compiled lists are reused while the endpoint object (from the endpoint cache) is the same.
  const allowlists = new WeakMap<readonly string[], Allowlist>();
  const touched = new Map<string, number>();

  function allowlistOf(entries: readonly string[]): Allowlist {
    let compiled = allowlists.get(entries);
    if (!compiled) {
      compiled = compileAllowlist(entries);
      allowlists.set(entries, compiled);
    }
    return compiled;
  }

  function secretOf(endpoint: Endpoint, sealed: string): string {
    const secret = deps.openSecret(endpoint.id, sealed);
    // A secret nobody can open (the key was lost) refuses every call rather than letting any through.
    if (secret === null)
      throw unauthorized('This endpoint’s secret cannot be read on this server; an admin must set it again');
    return secret;
  }

  async function apiKeyPrincipal(endpoint: Endpoint, headers: IncomingHttpHeaders): Promise<Principal> {
    const key = apiKeyFrom(headers);
    if (!key)
      throw unauthorized('Send an API key: Authorization: Bearer sgk_… or X-Api-Key: sgk_…', {
        'WWW-Authenticate': 'Bearer',
      });
    const lookup = lookupOf(key);
    const record = lookup ? await deps.store.getApiKeyByLookup(lookup) : null;
    if (!record || !deps.apiKeys.matches(key, record))
      throw unauthorized('Unknown API key', { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    const now = Date.now();
    const unusable = keyUnusableReason(record, now);
    if (unusable) throw unauthorized(`Refused: ${unusable}`, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    if (!record.endpointIds.includes(endpoint.id))
      throw new AppError('forbidden', 'This API key may not call this endpoint');
    // lastUsedAt at most once a minute per key: one cheap write, not one per call.
    if ((touched.get(record.id) ?? 0) < now - 60_000) {
      touched.set(record.id, now);
      if (touched.size > 10_000) touched.clear();
      void deps.store.touchApiKey(record.id, new Date(now).toISOString()).catch(() => undefined);
    }
    return { type: 'apiKey', id: record.id, name: record.name };
  }

  async function authenticate(
    endpoint: Endpoint,
    caller: CallerRequest,
  ): Promise<{ principal: Principal | null; checkRaw?: (raw: Buffer) => void }> {
    const access = endpoint.access;
    switch (access.type) {
      case 'public':
        return { principal: null };
      case 'basic': {
        const challenge = { 'WWW-Authenticate': `Basic realm="${endpoint.slug}", charset="UTF-8"` };
        const given = basicCredentials(single(caller.headers.authorization));
        if (!given) throw unauthorized('Send a username and password (HTTP Basic)', challenge);
        if (!(await deps.basic.verify(given, access))) throw unauthorized('Wrong username or password', challenge);
        return { principal: { type: 'basic', id: access.username, name: access.username } };
      }
      case 'apiKey':
        return { principal: await apiKeyPrincipal(endpoint, caller.headers) };
      case 'jwt': {
        const token = /^Bearer\s+(\S+)\s*$/i.exec(single(caller.headers.authorization) ?? '')?.[1];
        const challenge = { 'WWW-Authenticate': 'Bearer' };
        if (!token) throw unauthorized('Send a token: Authorization: Bearer <JWT>', challenge);
        const verdict = await deps.jwt.verify(token, {
          ...access,
          secret: access.sealedSecret ? secretOf(endpoint, access.sealedSecret) : null,
        });
        if (!verdict.ok)
          throw unauthorized(`The token was refused: ${verdict.reason}`, {
            'WWW-Authenticate': 'Bearer error="invalid_token"',
          });
        const { payload } = verdict;
        const subject = typeof payload.sub === 'string' ? payload.sub : null;
        const name = typeof payload.name === 'string' ? payload.name : subject;
        return { principal: { type: 'jwt', id: subject, ...(name ? { name } : {}), claims: { ...payload } } };
      }
      case 'hmac': {
        const secret = secretOf(endpoint, access.sealedSecret);
        return {
          principal: { type: 'hmac', id: access.preset, name: access.preset },
          checkRaw(raw) {
            const verdict = verifySignature(access.preset, secret, caller.headers, raw, {
              toleranceSeconds: access.toleranceSeconds,
            });
            if (!verdict.ok)
              throw new AppError('invalid_signature', `The request signature was refused: ${verdict.reason}`);
          },
        };
      }
    }
  }

  return {
    /**
     * Runs every check an endpoint makes before its body is read. Returns the caller (null for
     * a public endpoint) and, for HMAC, the check the raw body must pass before it is parsed.
     */
    async admit(
      endpoint: Endpoint,
      caller: CallerRequest,
    ): Promise<{ principal: Principal | null; checkRaw?: (raw: Buffer) => void }> {
      if (endpoint.ipAllowlist.length > 0 && !allowlistOf(endpoint.ipAllowlist).allows(caller.ip)) {
        throw new AppError('ip_not_allowed', 'This endpoint does not accept calls from your address');
      }
      const limit = endpoint.rateLimit;
      if (limit?.by === 'ip') await deps.rateLimiter.hit(endpoint.id, `ip:${caller.ip}`, limit);
      const admitted = await authenticate(endpoint, caller);
      if (limit?.by === 'principal') {
        const who = admitted.principal
          ? `${admitted.principal.type}:${admitted.principal.id ?? ''}`
          : `ip:${caller.ip}`;
        await deps.rateLimiter.hit(endpoint.id, who, limit);
      }
      return admitted;
    },
  };
}

export type AccessGate = ReturnType<typeof createAccessGate>;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
