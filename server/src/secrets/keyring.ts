import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../core/log.js';
import { SECRETS_KEY_FORMAT, decodeSecretsKey } from '../core/config-checks.js';
import { generateSecretsKey, secretsKeyOf, type SecretsKey } from './crypto.js';

/** The key the embedded store generates into DATA_DIR when SECRETS_KEY is not set. */
export const KEY_FILE = 'secrets.key';

export interface SecretsKeyring {
  /** Seals new values; null on MongoDB without SECRETS_KEY (secrets cannot be stored then). */
  current: SecretsKey | null;
  /** Every key that may open a stored value, the current one first. */
  all: SecretsKey[];
}

export interface KeyringOptions {
  /** SECRETS_KEY as configured (validated by config.ts). */
  secretsKey: string | undefined;
  dataDir: string;
  storeKind: 'embedded' | 'mongo';
  log: Pick<Logger, 'warn' | 'info'>;
  /** Generate the key file when the embedded store has none (false for a read-only export). */
  create: boolean;
}

/**
 * Where the key comes from: SECRETS_KEY when set. Otherwise the embedded store keeps a
 * generated key in DATA_DIR/secrets.key (0600) next to the database; MongoDB gets none,
 * because every instance sharing the database needs the same key and a file on one machine
 * is not that.
 */
export function loadKeyring(options: KeyringOptions): SecretsKeyring {
  const configured = options.secretsKey ? decodeSecretsKey(options.secretsKey) : null;
  if (options.secretsKey && !configured) throw new Error(`SECRETS_KEY: expected ${SECRETS_KEY_FORMAT}`);
  const current = configured ? secretsKeyOf(configured) : null;
  if (options.storeKind !== 'embedded') return { current, all: current ? [current] : [] };

  const file = path.join(options.dataDir, KEY_FILE);
  let fileKey = readKeyFile(file);
  if (!current && !fileKey && options.create) {
    fileKey = createKeyFile(file);
    options.log.warn(
      { file },
      'SECRETS_KEY is not set: generated a key for secrets into DATA_DIR/secrets.key (mode 0600). Back it up with the data, or set SECRETS_KEY',
    );
  }
  // With SECRETS_KEY set, a key file left from before still opens what it sealed; those values
  // are sealed again under SECRETS_KEY on start (see `migrateSecrets`).
  const all = [current, fileKey].filter((key): key is SecretsKey => key !== null);
  const unique = all.filter((key, index) => all.findIndex((other) => other.id === key.id) === index);
  return { current: current ?? fileKey, all: unique };
}

function readKeyFile(file: string): SecretsKey | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const key = decodeSecretsKey(text);
  if (!key) throw new Error(`${file} does not hold a secrets key (${SECRETS_KEY_FORMAT})`);
  // An older install (or a restore) may have left it readable by others.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return secretsKeyOf(key);
}

function createKeyFile(file: string): SecretsKey {
  const key = generateSecretsKey();
  try {
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process (a second instance, the CLI) wrote it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file)!;
    throw err;
  }
  chmodSync(file, 0o600);
  return secretsKeyOf(key);
}
