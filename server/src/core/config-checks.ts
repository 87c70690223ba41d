/**
 * Checks on configuration values that need more than a zod type: kept apart from config.ts
 * (which only reads the environment) and free of imports, so any part of the server can use
 * them without depending on the feature that consumes the value.
 */

const LOOPBACK_LISTEN = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopbackListen(host: string): boolean {
  return LOOPBACK_LISTEN.has(host.toLowerCase()) || /^127\./.test(host);
}

/**
 * A message naming the variables when a server on a public address would have to believe the
 * `Host` header for the URLs it hands out (see http/host-policy.ts), or null when it is safe.
 */
export function hostConfigProblem(config: {
  HOST: string;
  PUBLIC_URL?: string | undefined;
  ALLOWED_HOSTS?: readonly string[] | undefined;
  NODE_ENV: string;
}): string | null {
  if (isLoopbackListen(config.HOST) || config.PUBLIC_URL || config.ALLOWED_HOSTS) return null;
  if (config.NODE_ENV !== 'production') return null;
  return `HOST=${config.HOST} is not a loopback address: set PUBLIC_URL (the URL users reach the server at) or ALLOWED_HOSTS, so that a forged Host header cannot point status URLs elsewhere`;
}

/** 32 bytes given as 64 hex characters or as base64 (standard or URL-safe); null when it is neither. */
export function decodeSecretsKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) return null;
  const bytes = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : null;
}

export const SECRETS_KEY_FORMAT = '32 bytes as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)';
