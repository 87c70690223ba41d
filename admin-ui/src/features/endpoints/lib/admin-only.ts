import type { Endpoint, Role } from '@contract';

/**
 * The admin-only rules the server enforces (server/src/endpoints/admin-only.ts), so the UI can
 * disable what would be refused and say why instead of failing on save.
 */

/** Whether this role may turn the CSP sandbox off (anyone may leave it as saved, or turn it on). */
export const canSetAdminOnly = (role: Role | null | undefined) => role === 'admin';

/** A non-admin may not save or restore code of an endpoint whose responses are not sandboxed. */
export function scenarioLocked(endpoint: Pick<Endpoint, 'cspSandbox'>, role: Role | null | undefined): boolean {
  return role !== 'admin' && endpoint.cspSandbox === false;
}
