import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../store/types.js';
import { endpointInput } from '../store/contract-suite/fixtures.js';
import { assertMayPublishScenario, assertMaySetEndpoint, scenarioLockReason } from './admin-only.js';

const endpoint = (overrides: Partial<Endpoint> = {}): Endpoint => ({
  ...endpointInput(),
  scenarioVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

describe('admin-only endpoint settings', () => {
  it('refuses an editor turning the CSP sandbox off, on create or patch, naming the setting', () => {
    expect(() => assertMaySetEndpoint('editor', { cspSandbox: false })).toThrow(/CSP sandbox/);
    try {
      assertMaySetEndpoint('editor', { cspSandbox: false }, endpoint());
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({
        code: 'forbidden',
        status: 403,
        details: { fields: { cspSandbox: expect.any(String) } },
      });
    }
  });

  it('names the admin role as the one needed, and the role the user has', () => {
    expect(() => assertMaySetEndpoint('editor', { secrets: ['A'] })).toThrow(
      expect.objectContaining({
        details: expect.objectContaining({ details: { requiredRole: 'admin', role: 'editor' } }),
      }),
    );
    expect(() => assertMayPublishScenario('editor', endpoint({ cspSandbox: false }))).toThrow(
      expect.objectContaining({ details: { details: { requiredRole: 'admin', role: 'editor' } } }),
    );
  });

  it('lets an editor save a form that leaves admin-only settings as they are, or turns the sandbox back on', () => {
    const off = endpoint({ cspSandbox: false, secrets: ['B', 'A'] });
    expect(() =>
      assertMaySetEndpoint('editor', { cspSandbox: false, secrets: ['A', 'B'], name: 'x' }, off),
    ).not.toThrow();
    expect(() => assertMaySetEndpoint('editor', { cspSandbox: true }, off)).not.toThrow();
    expect(() => assertMaySetEndpoint('editor', { cspSandbox: true, secrets: [] })).not.toThrow();
  });

  it('refuses an editor granting or withdrawing secrets', () => {
    expect(() => assertMaySetEndpoint('editor', { secrets: ['A'] })).toThrow(/grant secrets/);
    expect(() => assertMaySetEndpoint('editor', { secrets: ['A'] }, endpoint())).toThrow(/grant secrets/);
    expect(() => assertMaySetEndpoint('editor', { secrets: [] }, endpoint({ secrets: ['A'] }))).toThrow(
      /grant secrets/,
    );
  });

  it('lets an admin set anything', () => {
    expect(() => assertMaySetEndpoint('admin', { cspSandbox: false, secrets: ['A'] }, endpoint())).not.toThrow();
  });

  it('lets only an admin publish code on an endpoint whose sandbox is off, and says why', () => {
    expect(scenarioLockReason('editor', endpoint())).toBeNull();
    expect(() => assertMayPublishScenario('editor', endpoint({ cspSandbox: false }))).toThrow(/not sandboxed/);
    expect(() => assertMayPublishScenario('admin', endpoint({ cspSandbox: false }))).not.toThrow();
  });
});
