import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';
import type { Store } from '../store/types.js';
import { createSecretsCache, migrateSecrets, secretsKeyMissing, type SecretsCache } from './cache.js';
import { isSealed, openSecret, sealSecret } from './crypto.js';
import { loadKeyring, type SecretsKeyring } from './keyring.js';

/** At start: finds the key, seals what is not sealed with it yet, and returns the secrets feature. */
export async function openSecrets(deps: {
  store: Store;
  config: Pick<Config, 'SECRETS_KEY' | 'DATA_DIR'>;
  log: Logger;
}): Promise<SecretsCache> {
  const { store, config, log } = deps;
  const keyring = loadKeyring({
    secretsKey: config.SECRETS_KEY,
    dataDir: config.DATA_DIR,
    storeKind: store.kind,
    log,
    create: true,
  });
  await migrateSecrets(store, keyring, log);
  return createSecretsCache(store, { keyring, log });
}

/**
 * How backups carry secrets (see cli/export-import.ts): in plaintext, opened with this
 * server's keys on export and sealed with its current key on import, so a backup moves
 * between installations whatever their keys.
 */
export function backupSecretCodec(keyring: SecretsKeyring) {
  const plaintextOf = (name: string, value: string) => (isSealed(value) ? openSecret(keyring.all, name, value) : value);
  return {
    reveal: plaintextOf,
    seal(name: string, value: string): string {
      if (!keyring.current) throw secretsKeyMissing();
      return sealSecret(keyring.current, name, plaintextOf(name, value));
    },
  };
}
