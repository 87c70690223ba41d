import type { ScenarioVersion } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';

export interface LiveEndpoint {
  endpoint: Endpoint;
  scenario: ScenarioVersion;
}

export interface EndpointCacheOptions {
  /** How long a read may be served: a change made on another instance applies within this. */
  ttlMs?: number;
  now?: () => number;
}

const MAX_SLUGS = 10_000;
const MAX_VERSIONS = 2000;

/**
 * The public route reads endpoints on every request; this keeps them in memory briefly.
 * Local writes invalidate at once; the TTL bounds staleness when several instances share one
 * MongoDB. It counts from when the read *began* — the read may have seen the store just before
 * a change — so a change on another instance is served within `ttlMs` of being written, however
 * slow the read was. A read still going when a local write invalidates is never stored. Reads of
 * one slug at the same moment share one store call. Scenario versions never change once written,
 * so they are cached by key.
 */
export function createEndpointCache(
  store: Pick<Store, 'getEndpointBySlug' | 'getScenarioVersion'>,
  options: EndpointCacheOptions = {},
) {
  const ttlMs = options.ttlMs ?? 1000;
  const now = options.now ?? Date.now;
  const bySlug = new Map<string, { readAt: number; value: Promise<LiveEndpoint | null> }>();
  const versions = new Map<string, ScenarioVersion>();

  async function scenarioOf(endpoint: Endpoint): Promise<ScenarioVersion | null> {
    const key = `${endpoint.id}:${endpoint.scenarioVersion}`;
    const hit = versions.get(key);
    if (hit) return hit;
    const scenario = await store.getScenarioVersion(endpoint.id, endpoint.scenarioVersion);
    if (scenario) {
      if (versions.size >= MAX_VERSIONS) versions.delete(versions.keys().next().value as string);
      versions.set(key, scenario);
    }
    return scenario;
  }

  async function load(slug: string): Promise<LiveEndpoint | null> {
    const endpoint = await store.getEndpointBySlug(slug);
    const scenario = endpoint ? await scenarioOf(endpoint) : null;
    return endpoint && scenario ? { endpoint, scenario } : null;
  }

  return {
    getBySlug(slug: string): Promise<LiveEndpoint | null> {
      const at = now();
      const hit = bySlug.get(slug);
      if (hit && at - hit.readAt < ttlMs) return hit.value;
      // Unknown slugs are kept too (a scan of made-up slugs costs one read each per TTL); the
      // bound keeps such a scan from growing the map without end.
      if (bySlug.size >= MAX_SLUGS) bySlug.clear();
      const entry = { readAt: at, value: load(slug) };
      bySlug.set(slug, entry);
      // A failed read (store unavailable) is not kept: the next request tries again.
      entry.value.catch(() => {
        if (bySlug.get(slug) === entry) bySlug.delete(slug);
      });
      return entry.value;
    },
    invalidate() {
      bySlug.clear();
    },
  };
}

export type EndpointCache = ReturnType<typeof createEndpointCache>;
