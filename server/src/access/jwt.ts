import {
  createRemoteJWKSet,
  errors,
  importSPKI,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { JwtAlgorithm } from '../contract/index.js';

/**
 * Bearer JWTs, verified by jose (never by hand). The algorithms an endpoint accepts are an
 * explicit list, and each family needs its own key material — HS* a shared secret, the others
 * a PEM public key or a JWKS URL — so `alg: none` and algorithm confusion (a token signed
 * with HS256 using the public key as the secret) have nothing to verify against.
 */

export interface JwtSettings {
  algorithms: readonly JwtAlgorithm[];
  /** Plaintext shared secret (HS*). */
  secret: string | null;
  publicKey: string | null;
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  clockSkewSeconds: number;
}

export type JwtVerdict = { ok: true; payload: JWTPayload } | { ok: false; reason: string };

export const isSymmetric = (algorithm: JwtAlgorithm) => algorithm.startsWith('HS');

/** Why these settings cannot verify anything; null when they are consistent. */
export function jwtSettingsProblem(
  settings: Pick<JwtSettings, 'algorithms' | 'publicKey' | 'jwksUrl'> & { hasSecret: boolean },
): {
  field: string;
  message: string;
} | null {
  const symmetric = settings.algorithms.filter(isSymmetric);
  if (symmetric.length > 0 && symmetric.length < settings.algorithms.length) {
    return {
      field: 'algorithms',
      message: 'choose either HS* algorithms (a shared secret) or public-key algorithms, not both',
    };
  }
  if (symmetric.length > 0) {
    if (!settings.hasSecret) return { field: 'secret', message: 'HS* algorithms need a secret' };
    if (settings.publicKey || settings.jwksUrl)
      return { field: 'publicKey', message: 'HS* algorithms take a secret, not a public key or a JWKS URL' };
    return null;
  }
  if (!settings.publicKey === !settings.jwksUrl)
    return { field: 'publicKey', message: 'give either a PEM public key or a JWKS URL' };
  if (settings.hasSecret) return { field: 'secret', message: 'public-key algorithms take no secret' };
  return null;
}

/** Whether `pem` is a public key usable with each of `algorithms` (checked when the settings are saved). */
export async function publicKeyProblem(pem: string, algorithms: readonly JwtAlgorithm[]): Promise<string | null> {
  for (const algorithm of algorithms) {
    try {
      await importSPKI(pem, algorithm);
    } catch (err) {
      return `not a PEM public key (SPKI) for ${algorithm}: ${(err as Error).message}`;
    }
  }
  return null;
}

type Key = Uint8Array | JWTVerifyGetKey;

/**
 * Verifiers by settings, so a JWKS is fetched and cached once per URL (jose keeps it for
 * `cacheMaxAge` and refetches on an unknown `kid`, at most once per `cooldownDuration`).
 */
export function createJwtVerifiers() {
  const remoteSets = new Map<string, JWTVerifyGetKey>();
  const importedKeys = new Map<string, ReturnType<typeof importSPKI>>();

  function keyFor(settings: JwtSettings): Key | null {
    if (settings.secret && settings.algorithms.every(isSymmetric)) return new TextEncoder().encode(settings.secret);
    if (settings.jwksUrl) {
      let set = remoteSets.get(settings.jwksUrl);
      if (!set) {
        set = createRemoteJWKSet(new URL(settings.jwksUrl), {
          cacheMaxAge: 10 * 60_000,
          cooldownDuration: 30_000,
          timeoutDuration: 5_000,
        });
        if (remoteSets.size > 1000) remoteSets.clear();
        remoteSets.set(settings.jwksUrl, set);
      }
      return set;
    }
    const pem = settings.publicKey;
    if (!pem) return null;
    return async (header) => {
      const algorithm = header.alg ?? '';
      const cacheKey = `${algorithm}\u0000${pem}`;
      let imported = importedKeys.get(cacheKey);
      if (!imported) {
        imported = importSPKI(pem, algorithm);
        if (importedKeys.size > 1000) importedKeys.clear();
        importedKeys.set(cacheKey, imported);
      }
      return imported;
    };
  }

  return {
    async verify(token: string, settings: JwtSettings): Promise<JwtVerdict> {
      const key = keyFor(settings);
      if (!key) return { ok: false, reason: 'the endpoint has no key to verify tokens with' };
      const options: JWTVerifyOptions = {
        algorithms: [...settings.algorithms],
        clockTolerance: settings.clockSkewSeconds,
        ...(settings.issuer ? { issuer: settings.issuer } : {}),
        ...(settings.audience ? { audience: settings.audience } : {}),
      };
      try {
        const { payload } =
          typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
        return { ok: true, payload };
      } catch (err) {
        if (err instanceof errors.JOSEError) return { ok: false, reason: `${err.code}: ${err.message}` };
        return { ok: false, reason: 'the token could not be verified' };
      }
    },
  };
}

export type JwtVerifiers = ReturnType<typeof createJwtVerifiers>;
