import type { ScenarioVersion } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';

export interface LiveEndpoint {
  endpoint: Endpoint;
  scenario: ScenarioVersion;
}

/**
 * The public route reads endpoints on every request; this keeps them in memory briefly.
 * Local writes invalidate at once; the TTL bounds staleness when several instances share
 * one MongoDB. Scenario versions never change once written, so they are cached by key.
 */
export function createEndpointCache(store: Store, ttlMs = 1000) {
  const bySlug = new Map<string, { at: number; value: LiveEndpoint | null }>();
  const versions = new Map<string, ScenarioVersion>();
  const MAX_VERSIONS = 2000;

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

  return {
    async getBySlug(slug: string): Promise<LiveEndpoint | null> {
      const hit = bySlug.get(slug);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const endpoint = await store.getEndpointBySlug(slug);
      const scenario = endpoint ? await scenarioOf(endpoint) : null;
      const value = endpoint && scenario ? { endpoint, scenario } : null;
      if (bySlug.size > 10_000) bySlug.clear();
      bySlug.set(slug, { at: Date.now(), value });
      return value;
    },
    invalidate() {
      bySlug.clear();
    },
  };
}

export type EndpointCache = ReturnType<typeof createEndpointCache>;
