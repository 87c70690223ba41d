import type { EndpointBase, HmacPreset, JwtAlgorithm } from '../contract/index.js';

/**
 * Access settings as the store keeps them. Unlike the admin API's view (`AccessSettings`), they
 * hold the write-only values: the Basic password's hash, and the HMAC/JWT secret sealed with
 * the secrets key (secrets/crypto.ts) — the verifier needs the secret itself.
 */
export type StoredAccess =
  | { type: 'public' }
  | { type: 'basic'; username: string; passwordHash: string }
  | { type: 'apiKey' }
  | { type: 'hmac'; preset: HmacPreset; toleranceSeconds: number; sealedSecret: string }
  | {
      type: 'jwt';
      algorithms: JwtAlgorithm[];
      sealedSecret: string | null;
      publicKey: string | null;
      jwksUrl: string | null;
      issuer: string | null;
      audience: string | null;
      clockSkewSeconds: number;
    };

/** An endpoint as the store holds it (the admin API shows it through endpoints/view.ts). */
export interface Endpoint extends EndpointBase {
  access: StoredAccess;
  /** The callback secret, sealed with the secrets key for `callbackSecretPurpose(id)`; null until a callback or failure webhook is set. */
  sealedCallbackSecret: string | null;
}

/**
 * Both adapters keep an endpoint's identity, version and times in their own fields and every
 * other setting in one JSON text, so a new setting needs no migration.
 */
export type EndpointSettings = Omit<
  Endpoint,
  'id' | 'slug' | 'scenarioVersion' | 'language' | 'createdAt' | 'updatedAt'
>;

const OWN_FIELDS = new Set(['id', 'slug', 'scenarioVersion', 'language', 'createdAt', 'updatedAt']);

/** The settings part of an endpoint or a patch, without `undefined` values. */
export function endpointSettings(source: object): Record<string, unknown> {
  // fromEntries defines own properties, so even a `__proto__` key stays plain data.
  return Object.fromEntries(
    Object.entries(source).filter(([key, value]) => !OWN_FIELDS.has(key) && value !== undefined),
  );
}

export function endpointFrom(
  settingsJson: string,
  own: Pick<Endpoint, 'id' | 'slug' | 'scenarioVersion' | 'language' | 'createdAt' | 'updatedAt'>,
): Endpoint {
  const settings = JSON.parse(settingsJson) as Omit<
    EndpointSettings,
    'secrets' | 'ipAllowlist' | 'rateLimit' | 'failureAlert' | 'sealedCallbackSecret'
  > &
    Partial<Pick<EndpointSettings, 'secrets' | 'ipAllowlist' | 'rateLimit' | 'failureAlert' | 'sealedCallbackSecret'>>;
  return {
    ...settings,
    // Settings added after an endpoint was saved take their defaults: no secrets granted,
    // no address restriction, no rate limit.
    secrets: settings.secrets ?? [],
    ipAllowlist: settings.ipAllowlist ?? [],
    rateLimit: settings.rateLimit ?? null,
    failureAlert: settings.failureAlert ?? null,
    sealedCallbackSecret: settings.sealedCallbackSecret ?? null,
    id: own.id,
    slug: own.slug,
    scenarioVersion: own.scenarioVersion,
    language: own.language,
    createdAt: own.createdAt,
    updatedAt: own.updatedAt,
  };
}
