import type { AccessInput, AccessSettings } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { StoredAccess } from '../store/types.js';
import { jwtSettingsProblem, publicKeyProblem } from './jwt.js';

/**
 * Access settings between the admin API and the store. The API never shows a write-only
 * value (only `passwordSet`/`secretSet`) and takes one in clear; the store keeps the Basic
 * password as a slow hash and the HMAC/JWT secret sealed with the secrets key.
 */

export const DEFAULT_HMAC_TOLERANCE_SECONDS = 300;
export const DEFAULT_JWT_CLOCK_SKEW_SECONDS = 30;

/** What the admin API shows of stored access settings. */
export function accessView(stored: StoredAccess): AccessSettings {
  switch (stored.type) {
    case 'public':
    case 'apiKey':
      return { type: stored.type };
    case 'basic':
      return { type: 'basic', username: stored.username, passwordSet: Boolean(stored.passwordHash) };
    case 'hmac':
      return {
        type: 'hmac',
        preset: stored.preset,
        toleranceSeconds: stored.toleranceSeconds,
        secretSet: Boolean(stored.sealedSecret),
      };
    case 'jwt':
      return {
        type: 'jwt',
        algorithms: [...stored.algorithms],
        secretSet: Boolean(stored.sealedSecret),
        publicKey: stored.publicKey,
        jwksUrl: stored.jwksUrl,
        issuer: stored.issuer,
        audience: stored.audience,
        clockSkewSeconds: stored.clockSkewSeconds,
      };
  }
}

export interface AccessWriteDeps {
  hashPassword(password: string): Promise<string>;
  /** Seals a secret for this endpoint (see SecretsCache.seal). */
  seal(plaintext: string): string;
}

function needed(field: string, message: string): AppError {
  return new AppError('validation_failed', `Invalid input — access.${field}: ${message}`, {
    details: { fields: { [`access.${field}`]: message } },
  });
}

/**
 * The stored form of `input`. A write-only value left out keeps the one already set when the
 * type stays the same; switching type without giving it is a validation error.
 */
export async function storedAccessFrom(
  input: AccessInput,
  current: StoredAccess | undefined,
  deps: AccessWriteDeps,
): Promise<StoredAccess> {
  switch (input.type) {
    case 'public':
    case 'apiKey':
      return { type: input.type };
    case 'basic': {
      const kept = current?.type === 'basic' ? current.passwordHash : null;
      if (input.password === undefined && !kept) throw needed('password', 'set a password');
      return {
        type: 'basic',
        username: input.username,
        passwordHash: input.password !== undefined ? await deps.hashPassword(input.password) : kept!,
      };
    }
    case 'hmac': {
      const kept = current?.type === 'hmac' ? current.sealedSecret : null;
      if (input.secret === undefined && !kept) throw needed('secret', 'set the shared secret');
      return {
        type: 'hmac',
        preset: input.preset,
        toleranceSeconds: input.toleranceSeconds ?? DEFAULT_HMAC_TOLERANCE_SECONDS,
        sealedSecret: input.secret !== undefined ? deps.seal(input.secret) : kept!,
      };
    }
    case 'jwt': {
      const keptSecret = current?.type === 'jwt' ? current.sealedSecret : null;
      const publicKey = input.publicKey ?? null;
      const jwksUrl = input.jwksUrl ?? null;
      const symmetric = input.algorithms.every((algorithm) => algorithm.startsWith('HS'));
      const sealedSecret = input.secret !== undefined ? deps.seal(input.secret) : symmetric ? keptSecret : null;
      const problem = jwtSettingsProblem({
        algorithms: input.algorithms,
        publicKey,
        jwksUrl,
        hasSecret: sealedSecret !== null,
      });
      if (problem) throw needed(problem.field, problem.message);
      if (publicKey) {
        const keyProblem = await publicKeyProblem(publicKey, input.algorithms);
        if (keyProblem) throw needed('publicKey', keyProblem);
      }
      return {
        type: 'jwt',
        algorithms: [...new Set(input.algorithms)],
        sealedSecret,
        publicKey,
        jwksUrl,
        issuer: input.issuer ?? null,
        audience: input.audience ?? null,
        clockSkewSeconds: input.clockSkewSeconds ?? DEFAULT_JWT_CLOCK_SKEW_SECONDS,
      };
    }
  }
}
