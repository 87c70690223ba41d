import { afterEach, describe, expect, it } from 'vitest';
import { tempEmbeddedStores } from '../store/embedded/temp-stores.js';
import { createSecretsCache, migrateSecrets, secretPlaceholders } from './cache.js';
import { generateSecretsKey, isSealed, secretsKeyOf } from './crypto.js';
import type { SecretsKeyring } from './keyring.js';

const log = { error: () => {}, warn: () => {}, info: () => {} };
const stores = tempEmbeddedStores('scriptgate-secrets-');
const freshStore = () => stores.open();
afterEach(() => stores.cleanup());

const ringOf = (...keys: Array<ReturnType<typeof secretsKeyOf>>): SecretsKeyring => ({
  current: keys[0] ?? null,
  all: keys,
});

describe('secrets at rest', () => {
  it('stores only sealed values and gives scenarios the plaintext', async () => {
    const store = await freshStore();
    const secrets = createSecretsCache(store, { keyring: ringOf(secretsKeyOf(generateSecretsKey())), log });
    await secrets.put('CRM_TOKEN', 'tok-123456');
    const [row] = await store.listSecrets();
    expect(isSealed(row!.value)).toBe(true);
    expect(row!.value).not.toContain('tok-123456');
    expect((await secrets.get()).grantedTo(['CRM_TOKEN'])).toEqual({ CRM_TOKEN: 'tok-123456' });
  });

  it('refuses to store a secret without a key (MongoDB without SECRETS_KEY) with secrets_key_missing', async () => {
    const store = await freshStore();
    const secrets = createSecretsCache(store, { keyring: ringOf(), log });
    await expect(secrets.put('A', 'value')).rejects.toMatchObject({ code: 'secrets_key_missing', status: 503 });
    expect(await store.listSecrets()).toEqual([]);
  });

  it('gives an endpoint only the secrets it was granted, and none without a grant', async () => {
    const store = await freshStore();
    const secrets = createSecretsCache(store, { keyring: ringOf(secretsKeyOf(generateSecretsKey())), log });
    await secrets.put('A', 'value-a');
    await secrets.put('B', 'value-b');
    const snapshot = await secrets.get();
    expect(snapshot.grantedTo(['B', 'MISSING'])).toEqual({ B: 'value-b' });
    expect(snapshot.grantedTo([])).toEqual({});
    expect(snapshot.grantedTo(undefined)).toEqual({});
    expect(secretPlaceholders(['A', 'B'])).toEqual({ A: '[secret:A]', B: '[secret:B]' });
  });

  it('rebuilds the redactor when a value changes and not otherwise', async () => {
    const store = await freshStore();
    const secrets = createSecretsCache(store, { keyring: ringOf(secretsKeyOf(generateSecretsKey())), log, ttlMs: 0 });
    await secrets.put('A', 'first-value');
    const first = await secrets.get();
    expect(await secrets.get()).toBe(first);
    expect(first.redactor.text('x first-value')).toBe('x [secret]');
    await secrets.put('A', 'second-value');
    const second = await secrets.get();
    expect(second).not.toBe(first);
    expect(second.redactor.text('first-value second-value')).toBe('first-value [secret]');
  });

  it('seals plaintext values from before encryption on start, keeping when they were set, and they keep working', async () => {
    const store = await freshStore();
    await store.putSecret('LEGACY', 'legacy-plain');
    const [before] = await store.listSecrets();
    const keyring = ringOf(secretsKeyOf(generateSecretsKey()));
    await migrateSecrets(store, keyring, log);
    const [after] = await store.listSecrets();
    expect(isSealed(after!.value)).toBe(true);
    expect(after!.updatedAt).toBe(before!.updatedAt);
    const secrets = createSecretsCache(store, { keyring, log });
    expect((await secrets.get()).grantedTo(['LEGACY'])).toEqual({ LEGACY: 'legacy-plain' });
  });

  it('seals again under a new key what an older key sealed (rotation)', async () => {
    const store = await freshStore();
    const oldKey = secretsKeyOf(generateSecretsKey());
    await createSecretsCache(store, { keyring: ringOf(oldKey), log }).put('A', 'rotating-value');
    const newKey = secretsKeyOf(generateSecretsKey());
    await migrateSecrets(store, ringOf(newKey, oldKey), log);
    const secrets = createSecretsCache(store, { keyring: ringOf(newKey), log });
    expect((await secrets.get()).grantedTo(['A'])).toEqual({ A: 'rotating-value' });
  });

  it('lists a value the key cannot open as unreadable and leaves it out of ctx.secrets', async () => {
    const store = await freshStore();
    await createSecretsCache(store, { keyring: ringOf(secretsKeyOf(generateSecretsKey())), log }).put(
      'LOST',
      'lost-value',
    );
    const secrets = createSecretsCache(store, { keyring: ringOf(secretsKeyOf(generateSecretsKey())), log });
    expect(await secrets.list()).toEqual([{ name: 'LOST', updatedAt: expect.any(String), unreadable: true }]);
    expect((await secrets.get()).grantedTo(['LOST'])).toEqual({});
  });
});
