import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secret values at rest: AES-256-GCM under `SECRETS_KEY` (or the embedded store's generated
 * key file), sealed above the store port so both adapters keep the same opaque strings:
 *
 *   sgenc:v1:<key id>:<base64url(12-byte IV | ciphertext | 16-byte tag)>
 *
 * The key id names the key a value was sealed with, so a keyring of several keys can open
 * old values while new ones are sealed with the current key (rotation). The secret's name is
 * the additional authenticated data: a value copied onto another name does not open.
 */

export const SEALED_PREFIX = 'sgenc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED = /^sgenc:v1:([0-9a-f]{16}):([A-Za-z0-9_-]+)$/;

export interface SecretsKey {
  /** Derived from the key (a hash, not the key): tells which key sealed a value. */
  id: string;
  key: Buffer;
}

export function secretsKeyOf(key: Buffer): SecretsKey {
  const id = createHash('sha256').update('scriptgate secrets key id\0').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

export function generateSecretsKey(): Buffer {
  return randomBytes(32);
}

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** The id of the key a sealed value needs, or null for a value that is not sealed. */
export function sealedKeyId(value: string): string | null {
  return SEALED.exec(value)?.[1] ?? null;
}

export function sealSecret(key: SecretsKey, name: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.key, iv);
  cipher.setAAD(Buffer.from(`v1:${name}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${SEALED_PREFIX}${key.id}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
}

/** Opens a sealed value with whichever key of `keys` sealed it; throws SecretUnreadableError when none did. */
export function openSecret(keys: readonly SecretsKey[], name: string, sealed: string): string {
  const match = SEALED.exec(sealed);
  if (!match) throw new SecretUnreadableError(`secret ${name} is not in the sealed format`);
  const key = keys.find((candidate) => candidate.id === match[1]);
  if (!key) throw new SecretUnreadableError(`secret ${name} was sealed with another key (id ${match[1]})`);
  const bytes = Buffer.from(match[2]!, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError(`secret ${name} is damaged`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`v1:${name}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new SecretUnreadableError(
      `secret ${name} does not open with its key: it was changed or belongs to another name`,
    );
  }
}
