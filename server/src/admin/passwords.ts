import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { verifyBcrypt } from './legacy-bcrypt.js';

/**
 * Password hashes: `scrypt$N$r$p$salt$hash` (salt and hash base64url).
 *
 * scrypt from `node:crypto` runs on libuv's thread pool, so hashing never blocks the event
 * loop that serves every endpoint. The parameters are stored with each hash, so raising
 * them later keeps old hashes verifiable (and `needsRehash` upgrades them on sign-in).
 * N=2^15, r=8 takes 32 MiB and about 150 ms per hash on a 2-core VM (OWASP's floor for
 * scrypt is N=2^17 at r=8; 2^15 is the cost this platform can afford per sign-in attempt
 * while keeping sign-in floods bounded by the hashing gate).
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
// Limits on what a stored hash may ask for, so a corrupt record cannot make one check take a gigabyte.
const MAX_LOG2_N = 20;
const MAX_R = 32;
const MAX_P = 16;

interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function derive(
  password: string,
  salt: Buffer,
  keyLength: number,
  params: { N: number; r: number; p: number },
): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r * params.p };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, KEY_BYTES, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

function parseScrypt(stored: string): ScryptHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [
    number,
    number,
    number,
  ];
  const powerOfTwo = Number.isInteger(Math.log2(N)) && N >= 2 && N <= 2 ** MAX_LOG2_N;
  if (!powerOfTwo || !(r >= 1 && r <= MAX_R) || !(p >= 1 && p <= MAX_P)) return null;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16 || key.length > 128) return null;
  return { N, r, p, salt, key };
}

export function isLegacyBcrypt(stored: string): boolean {
  return /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(stored);
}

/**
 * True when `password` matches `stored`. Works for scrypt hashes and for the bcrypt hashes
 * of earlier versions (checked in a worker thread); anything else is a mismatch.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (isLegacyBcrypt(stored)) return verifyBcrypt(password, stored);
  const parsed = parseScrypt(stored);
  if (!parsed) {
    // Same cost as a real check, so an unusable record does not answer faster than a real one.
    await verifyPassword(password, await dummyHash());
    return false;
  }
  const key = await derive(password, parsed.salt, parsed.key.length, parsed);
  return timingSafeEqual(key, parsed.key);
}

/** An older format or weaker parameters than today's: re-hash after the next successful sign-in. */
export function needsRehash(stored: string): boolean {
  const parsed = parseScrypt(stored);
  if (!parsed) return true;
  const { N, r, p } = SCRYPT_PARAMS;
  return parsed.N < N || parsed.r < r || parsed.p < p || parsed.key.length < KEY_BYTES;
}

let dummy: Promise<string> | null = null;

/**
 * A real hash (same algorithm and parameters as every stored one) of a password nobody
 * knows. Verifying against it when an email is unknown costs exactly what a known email
 * costs, so response time does not tell which emails have accounts.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummy;
}
