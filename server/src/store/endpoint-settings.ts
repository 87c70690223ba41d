import type { Endpoint } from '../contract/index.js';

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
  const settings = JSON.parse(settingsJson) as Omit<EndpointSettings, 'secrets'> &
    Partial<Pick<EndpointSettings, 'secrets'>>;
  return {
    ...settings,
    // Endpoints saved before per-endpoint secrets existed were granted none.
    secrets: settings.secrets ?? [],
    id: own.id,
    slug: own.slug,
    scenarioVersion: own.scenarioVersion,
    language: own.language,
    createdAt: own.createdAt,
    updatedAt: own.updatedAt,
  };
}
