import type { SecretInfo } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/log.js';
import type { SecretRecord, Store } from '../store/types.js';
import { SecretUnreadableError, isSealed, openSecret, sealSecret, sealedKeyId } from './crypto.js';
import type { SecretsKeyring } from './keyring.js';
import { createRedactor, type Redactor } from './redact.js';

/** What every run needs of the secrets, rebuilt only when they change. */
export interface SecretsSnapshot {
  /** Masks every secret value (and its encoded forms) in what is recorded or sent back. */
  readonly redactor: Redactor;
  /** `ctx.secrets` of an endpoint: the values of the names it was granted and nothing else. */
  grantedTo(names: readonly string[] | undefined): Readonly<Record<string, string>>;
}

/** The secrets feature: values sealed at rest, write-only in the API, cached for the hot path. */
export interface SecretsCache {
  get(): Promise<SecretsSnapshot>;
  list(): Promise<SecretInfo[]>;
  /** Rejects `secrets_key_missing` when there is no key to seal with (MongoDB without SECRETS_KEY). */
  put(name: string, value: string): Promise<void>;
  remove(name: string): Promise<boolean>;
  invalidate(): void;
  /**
   * Seals a write-only setting (an endpoint's HMAC or JWT secret) with the current key, bound to
   * `purpose` (e.g. `endpoint:<id>:access`) so a sealed value cannot be moved to another use.
   * Rejects `secrets_key_missing` when there is no key.
   */
  seal(purpose: string, plaintext: string): string;
  /** The plaintext of a value sealed by `seal` for `purpose`; null when no key at hand opens it. */
  open(purpose: string, sealed: string): string | null;
}

const NOTHING: Readonly<Record<string, string>> = Object.freeze({});

/** What a draft test run by a non-admin sees instead of the values (documented in the README). */
export function secretPlaceholders(names: readonly string[] | undefined): Record<string, string> {
  return Object.fromEntries((names ?? []).map((name) => [name, `[secret:${name}]`]));
}

export const secretsKeyMissing = () =>
  new AppError(
    'secrets_key_missing',
    'Secrets cannot be stored: this server has no SECRETS_KEY. With MongoDB every instance needs the same key, so set SECRETS_KEY (32 bytes as base64 or 64 hex characters) on each and restart.',
  );

export interface SecretsCacheOptions {
  keyring: SecretsKeyring;
  log: Pick<Logger, 'error'>;
  /** How long a snapshot is trusted before the store is asked again (other instances' changes). */
  ttlMs?: number;
}

export function createSecretsCache(store: Store, options: SecretsCacheOptions): SecretsCache {
  const { keyring, log } = options;
  const ttlMs = options.ttlMs ?? 2000;
  let cached: { at: number; fingerprint: string; snapshot: SecretsSnapshot } | null = null;
  let loading: Promise<SecretsSnapshot> | null = null;

  /** Plaintext of a stored value; null when it cannot be opened with the keys at hand. */
  function reveal(row: SecretRecord): string | null {
    if (!isSealed(row.value)) return row.value;
    try {
      return openSecret(keyring.all, row.name, row.value);
    } catch (err) {
      if (err instanceof SecretUnreadableError) return null;
      throw err;
    }
  }

  function buildSnapshot(rows: SecretRecord[]): SecretsSnapshot {
    const values = new Map<string, string>();
    const unreadable: string[] = [];
    for (const row of rows) {
      const value = reveal(row);
      if (value === null) unreadable.push(row.name);
      else values.set(row.name, value);
    }
    if (unreadable.length) {
      log.error(
        { secrets: unreadable },
        'secrets that the configured key cannot open are left out of ctx.secrets; restore the key or set them again',
      );
    }
    const redactor = createRedactor(values.values());
    // Endpoint objects come from the endpoint cache, so their `secrets` arrays repeat between
    // runs: the granted subset is built once per array, not per run.
    const granted = new WeakMap<readonly string[], Readonly<Record<string, string>>>();
    return {
      redactor,
      grantedTo(names) {
        if (!names || names.length === 0) return NOTHING;
        let subset = granted.get(names);
        if (!subset) {
          subset = Object.freeze(
            Object.fromEntries(names.filter((name) => values.has(name)).map((name) => [name, values.get(name)!])),
          );
          granted.set(names, subset);
        }
        return subset;
      },
    };
  }

  async function load(): Promise<SecretsSnapshot> {
    const rows = await store.listSecrets();
    const fingerprint = rows.map((row) => `${row.name}\u0000${row.value}`).join('\u0001');
    // Unchanged rows keep their snapshot: nothing is decrypted or compiled again.
    const snapshot = cached?.fingerprint === fingerprint ? cached.snapshot : buildSnapshot(rows);
    cached = { at: Date.now(), fingerprint, snapshot };
    return snapshot;
  }

  const invalidate = () => {
    if (cached) cached.at = 0;
  };

  return {
    async get() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.snapshot;
      loading ??= load().finally(() => {
        loading = null;
      });
      return loading;
    },
    async list() {
      return (await store.listSecrets()).map((row) => ({
        name: row.name,
        updatedAt: row.updatedAt,
        ...(reveal(row) === null ? { unreadable: true } : {}),
      }));
    },
    async put(name, value) {
      if (!keyring.current) throw secretsKeyMissing();
      await store.putSecret(name, sealSecret(keyring.current, name, value));
      invalidate();
    },
    async remove(name) {
      const removed = await store.deleteSecret(name);
      invalidate();
      return removed;
    },
    invalidate,
    seal(purpose, plaintext) {
      if (!keyring.current) throw secretsKeyMissing();
      return sealSecret(keyring.current, purpose, plaintext);
    },
    open(purpose, sealed) {
      try {
        return openSecret(keyring.all, purpose, sealed);
      } catch (err) {
        if (err instanceof SecretUnreadableError) return null;
        throw err;
      }
    },
  };
}

/**
 * Run once at start: seals values stored in plaintext (from before encryption) and values
 * sealed with an older key, under the current key. The store keeps the time each value was set.
 */
export async function migrateSecrets(
  store: Store,
  keyring: SecretsKeyring,
  log: Pick<Logger, 'warn' | 'info' | 'error'>,
): Promise<void> {
  const rows = await store.listSecrets();
  const { current } = keyring;
  let sealed = 0;
  const plaintext: string[] = [];
  const unreadable: string[] = [];
  for (const row of rows) {
    if (isSealed(row.value) && sealedKeyId(row.value) === current?.id) continue;
    if (!current) {
      if (!isSealed(row.value)) plaintext.push(row.name);
      else unreadable.push(row.name);
      continue;
    }
    let value: string;
    try {
      value = isSealed(row.value) ? openSecret(keyring.all, row.name, row.value) : row.value;
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      unreadable.push(row.name);
      continue;
    }
    await store.importRecords([{ type: 'secret', secret: { ...row, value: sealSecret(current, row.name, value) } }]);
    sealed += 1;
  }
  if (sealed) log.info({ secrets: sealed }, 'secrets sealed with the current key');
  if (plaintext.length) {
    log.warn(
      { secrets: plaintext },
      'secrets are stored in plaintext: set SECRETS_KEY (the same on every instance) to encrypt them',
    );
  }
  if (unreadable.length) {
    log.error(
      { secrets: unreadable },
      'secrets sealed with a key this server does not have: set SECRETS_KEY to that key, or set these secrets again',
    );
  }
}
