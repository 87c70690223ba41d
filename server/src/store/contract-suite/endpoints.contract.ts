import { describe, expect, it } from 'vitest';
import type { TransferRecord } from '../types.js';
import { awkwardObject, endpointInput, scenarioInput, type GetStore } from './fixtures.js';

export function endpointContract(store: GetStore): void {
  describe('endpoints and scenario versions', () => {
    it('creates an endpoint whose scenario is version 1 and finds it by id and by slug', async () => {
      const input = endpointInput({ slug: 'contact-form' });
      const created = await store().createEndpoint(input, scenarioInput({ code: 'v1' }));
      expect(created).toMatchObject({ ...input, scenarioVersion: 1, language: 'javascript' });
      expect(Date.parse(created.createdAt)).not.toBeNaN();
      expect(created.updatedAt).toBe(created.createdAt);
      expect(await store().getEndpoint(input.id)).toEqual(created);
      expect(await store().getEndpointBySlug('contact-form')).toEqual(created);
      const version = await store().getScenarioVersion(input.id, 1);
      expect(version).toMatchObject({
        endpointId: input.id,
        version: 1,
        code: 'v1',
        compiled: 'v1',
        restoredFrom: null,
      });
    });

    it('answers null for an unknown endpoint id, slug or version', async () => {
      expect(await store().getEndpoint('missing')).toBeNull();
      expect(await store().getEndpointBySlug('missing')).toBeNull();
      expect(await store().getScenarioVersion('missing', 1)).toBeNull();
      expect(await store().updateEndpoint('missing', { name: 'x' })).toBeNull();
      expect(await store().deleteEndpoint('missing')).toBe(false);
      expect(await store().listScenarioVersions('missing')).toEqual([]);
    });

    it('lists endpoints sorted by slug', async () => {
      for (const slug of ['bravo', 'alpha', 'charlie'])
        await store().createEndpoint(endpointInput({ slug }), scenarioInput());
      expect((await store().listEndpoints()).map((e) => e.slug)).toEqual(['alpha', 'bravo', 'charlie']);
    });

    it('rejects a duplicate slug on create with slug_taken and keeps the first endpoint', async () => {
      const first = await store().createEndpoint(endpointInput({ slug: 'taken', name: 'first' }), scenarioInput());
      await expect(
        store().createEndpoint(endpointInput({ slug: 'taken', name: 'second' }), scenarioInput()),
      ).rejects.toMatchObject({
        code: 'slug_taken',
      });
      expect(await store().getEndpointBySlug('taken')).toEqual(first);
      expect(await store().listEndpoints()).toHaveLength(1);
    });

    it('updates only the patched fields and moves the slug', async () => {
      const input = endpointInput({ slug: 'old-slug' });
      const created = await store().createEndpoint(input, scenarioInput());
      const updated = await store().updateEndpoint(input.id, {
        slug: 'new-slug',
        enabled: false,
        callbackUrl: 'https://hooks.example.com/done',
        name: undefined,
      });
      expect(updated).toMatchObject({
        ...input,
        slug: 'new-slug',
        enabled: false,
        callbackUrl: 'https://hooks.example.com/done',
      });
      expect(updated?.createdAt).toBe(created.createdAt);
      expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
      expect(await store().getEndpoint(input.id)).toEqual(updated);
      expect(await store().getEndpointBySlug('old-slug')).toBeNull();
      expect(await store().getEndpointBySlug('new-slug')).toEqual(updated);
    });

    it('sets a nullable setting back to null', async () => {
      const input = endpointInput({ callbackUrl: 'https://hooks.example.com', timeoutMs: 5000 });
      await store().createEndpoint(input, scenarioInput());
      const updated = await store().updateEndpoint(input.id, { callbackUrl: null, timeoutMs: null });
      expect(updated).toMatchObject({ callbackUrl: null, timeoutMs: null });
      expect(await store().getEndpoint(input.id)).toMatchObject({ callbackUrl: null, timeoutMs: null });
    });

    it('rejects an update to a slug another endpoint uses with slug_taken and changes nothing', async () => {
      await store().createEndpoint(endpointInput({ slug: 'first' }), scenarioInput());
      const second = await store().createEndpoint(endpointInput({ slug: 'second' }), scenarioInput());
      await expect(store().updateEndpoint(second.id, { slug: 'first', name: 'renamed' })).rejects.toMatchObject({
        code: 'slug_taken',
      });
      expect(await store().getEndpoint(second.id)).toEqual(second);
      expect(await store().updateEndpoint(second.id, { slug: 'second' })).toMatchObject({ slug: 'second' });
    });

    it('keeps nested settings with awkward keys exactly as given', async () => {
      const body = awkwardObject();
      const input = endpointInput({
        asyncResponse: { status: 202, headers: { 'x.trace$id': 'a', $location: 'b' }, body },
        access: { type: 'hmac', preset: 'github', toleranceSeconds: 300, sealedSecret: 'sgenc:v1:k1:abc' },
      });
      await store().createEndpoint(input, scenarioInput());
      const stored = await store().getEndpoint(input.id);
      expect(JSON.stringify(stored?.asyncResponse)).toBe(JSON.stringify(input.asyncResponse));
      expect(stored?.access).toEqual(input.access);
      expect(Object.getPrototypeOf(stored?.asyncResponse?.body)).toBe(Object.prototype);
    });

    it('keeps access settings, the IP allowlist and the rate limit, and changes them by patch', async () => {
      const input = endpointInput({
        access: { type: 'basic', username: 'alertmanager', passwordHash: '$2b$10$abcdefghijklmnopqrstuv' },
        ipAllowlist: ['10.0.0.0/8', '2001:db8::/32', '203.0.113.7'],
        rateLimit: { requests: 60, windowSeconds: 60, by: 'ip', window: 'sliding' },
      });
      const created = await store().createEndpoint(input, scenarioInput());
      expect(created).toMatchObject({
        access: input.access,
        ipAllowlist: input.ipAllowlist,
        rateLimit: input.rateLimit,
      });
      const jwt = {
        type: 'jwt' as const,
        algorithms: ['RS256' as const, 'ES256' as const],
        sealedSecret: null,
        publicKey: null,
        jwksUrl: 'https://idp.example.com/.well-known/jwks.json',
        issuer: 'https://idp.example.com/',
        audience: 'scriptgate',
        clockSkewSeconds: 30,
      };
      const updated = await store().updateEndpoint(input.id, { access: jwt, ipAllowlist: [], rateLimit: null });
      expect(updated).toMatchObject({ access: jwt, ipAllowlist: [], rateLimit: null });
      expect(await store().getEndpoint(input.id)).toEqual(updated);
    });

    it('reads an endpoint saved before access control as public, open to any address and unlimited', async () => {
      const { ipAllowlist: _ips, rateLimit: _limit, ...older } = endpointInput();
      const endpoint = {
        ...older,
        scenarioVersion: 1,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      };
      await store().importRecords([{ type: 'endpoint', endpoint } as unknown as TransferRecord]);
      expect(await store().getEndpoint(endpoint.id)).toMatchObject({
        access: { type: 'public' },
        ipAllowlist: [],
        rateLimit: null,
      });
    });

    it('adds scenario versions in order and makes the newest current', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput({ code: 'v1' }));
      const v2 = await store().addScenarioVersion(
        input.id,
        scenarioInput({ code: 'v2', language: 'typescript', createdBy: 'user-1' }),
      );
      expect(v2).toMatchObject({
        endpointId: input.id,
        version: 2,
        code: 'v2',
        language: 'typescript',
        createdBy: 'user-1',
        restoredFrom: null,
      });
      expect(await store().getEndpoint(input.id)).toMatchObject({ scenarioVersion: 2, language: 'typescript' });
      expect(await store().getScenarioVersion(input.id, 2)).toEqual(v2);
      expect(await store().getScenarioVersion(input.id, 1)).toMatchObject({ code: 'v1' });
    });

    it('records which version a restore came from', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput({ code: 'v1' }));
      await store().addScenarioVersion(input.id, scenarioInput({ code: 'v2' }));
      const restored = await store().addScenarioVersion(input.id, scenarioInput({ code: 'v1', restoredFrom: 1 }));
      expect(restored).toMatchObject({ version: 3, code: 'v1', restoredFrom: 1 });
      expect(await store().getScenarioVersion(input.id, 3)).toMatchObject({ restoredFrom: 1 });
    });

    it('gives parallel saves distinct consecutive versions and makes the highest current', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput());
      const saves = await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          store().addScenarioVersion(input.id, scenarioInput({ code: `parallel ${n}` })),
        ),
      );
      expect(saves.map((v) => v.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, n) => n + 2));
      expect(await store().getEndpoint(input.id)).toMatchObject({ scenarioVersion: 13 });
    });

    it('lists scenario versions newest first', async () => {
      const input = endpointInput();
      await store().createEndpoint(input, scenarioInput({ code: 'v1' }));
      await store().addScenarioVersion(input.id, scenarioInput({ code: 'v2' }));
      await store().addScenarioVersion(input.id, scenarioInput({ code: 'v3' }));
      const versions = await store().listScenarioVersions(input.id);
      expect(versions.map((v) => [v.version, v.code])).toEqual([
        [3, 'v3'],
        [2, 'v2'],
        [1, 'v1'],
      ]);
    });

    it('rejects a scenario version for an endpoint that does not exist', async () => {
      await expect(store().addScenarioVersion('missing', scenarioInput())).rejects.toMatchObject({ code: 'not_found' });
    });

    it('deletes an endpoint together with its scenario versions and frees its slug', async () => {
      const input = endpointInput({ slug: 'to-delete' });
      await store().createEndpoint(input, scenarioInput());
      await store().addScenarioVersion(input.id, scenarioInput());
      expect(await store().deleteEndpoint(input.id)).toBe(true);
      expect(await store().getEndpoint(input.id)).toBeNull();
      expect(await store().getScenarioVersion(input.id, 1)).toBeNull();
      expect(await store().listScenarioVersions(input.id)).toEqual([]);
      expect(await store().deleteEndpoint(input.id)).toBe(false);
      await store().createEndpoint(endpointInput({ slug: 'to-delete' }), scenarioInput());
    });

    it('returns copies: changing a returned endpoint changes nothing stored', async () => {
      const input = endpointInput();
      const created = await store().createEndpoint(input, scenarioInput());
      created.cors.origins.push('https://evil.example');
      created.methods.length = 0;
      input.cors.origins.push('https://also-evil.example');
      const again = await store().getEndpoint(input.id);
      expect(again?.cors.origins).toEqual(['https://example.com']);
      expect(again?.methods).toEqual(['GET', 'POST']);
    });
  });
}
