import { afterEach, describe, expect, it } from 'vitest';
import { endpointInput, scenarioInput } from '../store/contract-suite/fixtures.js';
import { tempEmbeddedStores } from '../store/embedded/temp-stores.js';
import type { Store } from '../store/types.js';
import { createEndpointCache } from './cache.js';

const stores = tempEmbeddedStores('scriptgate-endpoint-cache-');
afterEach(() => stores.cleanup());

/**
 * A real store whose endpoint reads are held until the test lets them finish: the value is read
 * when the call begins (as a database answers), and delivered later (as over a slow network).
 */
async function slowStore() {
  const store = await stores.open();
  let held: Array<() => void> = [];
  let reads = 0;
  const reader: Pick<Store, 'getEndpointBySlug' | 'getScenarioVersion'> = {
    async getEndpointBySlug(slug) {
      reads += 1;
      const value = await store.getEndpointBySlug(slug);
      await new Promise<void>((resolve) => held.push(resolve));
      return value;
    },
    getScenarioVersion: (endpointId, version) => store.getScenarioVersion(endpointId, version),
  };
  const endpoint = endpointInput({ slug: 'orders' });
  await store.createEndpoint(endpoint, scenarioInput({ code: 'v1' }));
  return {
    store,
    reader,
    endpoint,
    reads: () => reads,
    /** Lets every read begun so far answer, and waits until they have. */
    async release() {
      for (let turn = 0; held.length === 0; turn += 1) {
        if (turn > 100) throw new Error('No store read began: the cache answered from its copy');
        await new Promise((resolve) => setImmediate(resolve));
      }
      const waiting = held;
      held = [];
      for (const resolve of waiting) resolve();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

const codeOf = async (value: Promise<{ scenario: { code: string } } | null>) => (await value)?.scenario.code;

describe('the endpoint cache of the public route', () => {
  it('serves a change made on another instance within the TTL of the read that missed it, however slow that read was', async () => {
    const slow = await slowStore();
    let clock = 0;
    const cache = createEndpointCache(slow.reader, { ttlMs: 1000, now: () => clock });

    const before = cache.getBySlug('orders');
    // Written elsewhere just after the read began; the read answers 800 ms later with v1.
    await slow.store.addScenarioVersion(slow.endpoint.id, scenarioInput({ code: 'v2' }));
    clock = 800;
    await slow.release();
    expect(await codeOf(before)).toBe('v1');

    clock = 999;
    expect(await codeOf(cache.getBySlug('orders'))).toBe('v1');
    clock = 1000;
    const after = cache.getBySlug('orders');
    await slow.release();
    expect(await codeOf(after)).toBe('v2');
  });

  it('never keeps a read that was still going when a local change invalidated the cache', async () => {
    const slow = await slowStore();
    const cache = createEndpointCache(slow.reader, { now: () => 0 });

    const during = cache.getBySlug('orders');
    await slow.store.updateEndpoint(slow.endpoint.id, { enabled: false });
    cache.invalidate();
    await slow.release();
    expect((await during)?.endpoint.enabled).toBe(true);

    const next = cache.getBySlug('orders');
    await slow.release();
    expect((await next)?.endpoint.enabled).toBe(false);
  });

  it('reads the store once for many requests arriving together, and again only after the TTL', async () => {
    const slow = await slowStore();
    let clock = 0;
    const cache = createEndpointCache(slow.reader, { ttlMs: 1000, now: () => clock });

    const together = Array.from({ length: 20 }, () => cache.getBySlug('orders'));
    await slow.release();
    expect(await Promise.all(together.map(codeOf))).toEqual(Array(20).fill('v1'));
    clock = 500;
    expect(await codeOf(cache.getBySlug('orders'))).toBe('v1');
    expect(slow.reads()).toBe(1);
    clock = 1000;
    const later = cache.getBySlug('orders');
    await slow.release();
    await later;
    expect(slow.reads()).toBe(2);
  });

  it('keeps no failed read, so the request after a store outage reads again', async () => {
    const store = await stores.open();
    await store.createEndpoint(endpointInput({ slug: 'orders' }), scenarioInput({ code: 'v1' }));
    let down = true;
    const cache = createEndpointCache(
      {
        getEndpointBySlug: (slug) =>
          down ? Promise.reject(new Error('store unavailable')) : store.getEndpointBySlug(slug),
        getScenarioVersion: (endpointId, version) => store.getScenarioVersion(endpointId, version),
      },
      { now: () => 0 },
    );
    await expect(cache.getBySlug('orders')).rejects.toThrow('store unavailable');
    down = false;
    expect(await codeOf(cache.getBySlug('orders'))).toBe('v1');
  });
});
