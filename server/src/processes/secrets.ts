import type { Store } from '../store/types.js';

export interface SecretsCache {
  /** name → value, cached briefly so the hot path does not read the store per run. */
  get(): Promise<Record<string, string>>;
  invalidate(): void;
}

export function createSecretsCache(store: Store, ttlMs = 2000): SecretsCache {
  let cached: { at: number; values: Record<string, string> } | null = null;
  let loading: Promise<Record<string, string>> | null = null;
  return {
    async get() {
      if (cached && Date.now() - cached.at < ttlMs) return cached.values;
      loading ??= store
        .listSecrets()
        .then((rows) => {
          const values = Object.fromEntries(rows.map((row) => [row.name, row.value]));
          cached = { at: Date.now(), values };
          return values;
        })
        .finally(() => {
          loading = null;
        });
      return loading;
    },
    invalidate() {
      cached = null;
    },
  };
}
