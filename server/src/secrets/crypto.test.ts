import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../core/config.js';
import { decodeSecretsKey } from '../core/config-checks.js';
import { generateSecretsKey, isSealed, openSecret, sealSecret, secretsKeyOf } from './crypto.js';
import { KEY_FILE, loadKeyring } from './keyring.js';

const quiet = { warn: () => {}, info: () => {} };
const key = secretsKeyOf(generateSecretsKey());

describe('secret sealing', () => {
  it('seals with AES-256-GCM under a key id and opens back to the same text', () => {
    const sealed = sealSecret(key, 'CRM_TOKEN', 'tok-123 ünïcode');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).toMatch(new RegExp(`^sgenc:v1:${key.id}:[A-Za-z0-9_-]+$`));
    expect(sealed).not.toContain('tok-123');
    expect(openSecret([key], 'CRM_TOKEN', sealed)).toBe('tok-123 ünïcode');
    // A fresh IV each time: equal values do not look equal at rest.
    expect(sealSecret(key, 'CRM_TOKEN', 'tok-123')).not.toBe(sealSecret(key, 'CRM_TOKEN', 'tok-123'));
  });

  it('refuses a value moved to another name, sealed with another key, or changed', () => {
    const sealed = sealSecret(key, 'A', 'value');
    expect(() => openSecret([key], 'B', sealed)).toThrow(/another name|changed/);
    const other = secretsKeyOf(generateSecretsKey());
    expect(() => openSecret([other], 'A', sealed)).toThrow(/another key/);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => openSecret([key], 'A', tampered)).toThrow();
  });

  it('opens a value sealed with an older key of the keyring', () => {
    const old = secretsKeyOf(generateSecretsKey());
    expect(openSecret([key, old], 'A', sealSecret(old, 'A', 'v'))).toBe('v');
  });

  it('accepts SECRETS_KEY as 64 hex characters or base64 of 32 bytes, and nothing else', () => {
    const bytes = generateSecretsKey();
    expect(decodeSecretsKey(bytes.toString('hex'))?.equals(bytes)).toBe(true);
    expect(decodeSecretsKey(bytes.toString('base64'))?.equals(bytes)).toBe(true);
    expect(decodeSecretsKey(bytes.toString('base64url'))?.equals(bytes)).toBe(true);
    expect(decodeSecretsKey('short')).toBeNull();
    expect(decodeSecretsKey(generateSecretsKey().subarray(0, 16).toString('base64'))).toBeNull();
    expect(() => loadConfig({ SECRETS_KEY: 'not-a-key' })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRETS_KEY: 'not-a-key' })).toThrow(/SECRETS_KEY/);
    expect(loadConfig({ SECRETS_KEY: bytes.toString('hex') }).SECRETS_KEY).toBe(bytes.toString('hex'));
  });
});

describe('secrets keyring', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'scriptgate-keyring-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('generates a key file with mode 0600 for the embedded store, warns, and reuses it on the next start', async () => {
    const dataDir = await tempDir();
    const warnings: string[] = [];
    const first = loadKeyring({
      secretsKey: undefined,
      dataDir,
      storeKind: 'embedded',
      log: { ...quiet, warn: (_o: unknown, m: string) => warnings.push(m) } as never,
      create: true,
    });
    expect(first.current).not.toBeNull();
    expect(warnings.join()).toMatch(/SECRETS_KEY is not set/);
    expect((await stat(path.join(dataDir, KEY_FILE))).mode & 0o777).toBe(0o600);
    const second = loadKeyring({
      secretsKey: undefined,
      dataDir,
      storeKind: 'embedded',
      log: quiet as never,
      create: true,
    });
    expect(second.current?.id).toBe(first.current?.id);
  });

  it('uses SECRETS_KEY when set and keeps an older key file only to open what it sealed', async () => {
    const dataDir = await tempDir();
    const fileKey = loadKeyring({
      secretsKey: undefined,
      dataDir,
      storeKind: 'embedded',
      log: quiet as never,
      create: true,
    }).current!;
    const configured = generateSecretsKey().toString('hex');
    const ring = loadKeyring({
      secretsKey: configured,
      dataDir,
      storeKind: 'embedded',
      log: quiet as never,
      create: true,
    });
    expect(ring.current?.id).toBe(secretsKeyOf(Buffer.from(configured, 'hex')).id);
    expect(ring.all.map((k) => k.id)).toEqual([ring.current!.id, fileKey.id]);
  });

  it('has no key on MongoDB without SECRETS_KEY, and never writes a key file there', async () => {
    const dataDir = await tempDir();
    const ring = loadKeyring({ secretsKey: undefined, dataDir, storeKind: 'mongo', log: quiet as never, create: true });
    expect(ring).toEqual({ current: null, all: [] });
    await expect(stat(path.join(dataDir, KEY_FILE))).rejects.toThrow();
  });

  it('refuses a damaged key file instead of generating a new key over it', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, KEY_FILE), 'garbage\n', { mode: 0o600 });
    expect(() =>
      loadKeyring({ secretsKey: undefined, dataDir, storeKind: 'embedded', log: quiet as never, create: true }),
    ).toThrow(/does not hold a secrets key/);
  });
});
