import type { AdminOnlyEndpointSetting, Role } from '../contract/index.js';
import type { Endpoint } from '../store/types.js';
import { AppError } from '../core/app-error.js';

/**
 * Settings that widen what a scenario can reach: only an admin may set them, because an
 * editor who could would hold the admin's powers through the scenario (script on the admin's
 * origin, every secret). An editor may still save a form that leaves them as they are.
 * Later admin-only settings (issue 10: access control) add their name to
 * `ADMIN_ONLY_ENDPOINT_SETTINGS` in the contract and a rule here; the admin UI mirrors the
 * rules in admin-ui/src/features/endpoints/lib/admin-only.ts to disable what would be refused.
 */
interface AdminOnlyRule {
  setting: AdminOnlyEndpointSetting;
  /** Whether moving from `current` (undefined when creating) to `next` needs an admin. */
  needsAdmin(next: unknown, current: unknown): boolean;
  reason: string;
}

function sameNames(a: unknown, b: unknown): boolean {
  const left = [...new Set(Array.isArray(a) ? a : [])].sort();
  const right = [...new Set(Array.isArray(b) ? b : [])].sort();
  return left.length === right.length && left.every((name, i) => name === right[i]);
}

const RULES: readonly AdminOnlyRule[] = [
  {
    setting: 'cspSandbox',
    needsAdmin: (next, current) => next === false && current !== false,
    reason:
      "Only an admin may turn the CSP sandbox off: without it, what the scenario returns runs as a page on the admin's own origin.",
  },
  {
    setting: 'secrets',
    needsAdmin: (next, current) => !sameNames(next, current),
    reason: 'Only an admin may grant secrets to an endpoint or take them away.',
  },
];

/**
 * States of an endpoint in which only an admin may publish its code (save or restore a
 * version): the code would run with what only an admin may grant.
 */
const LOCKED_SCENARIO: ReadonlyArray<{ applies: (endpoint: Endpoint) => boolean; reason: string }> = [
  {
    applies: (endpoint) => endpoint.cspSandbox === false,
    reason:
      "Only an admin may save or restore the scenario of this endpoint: its responses are not sandboxed (CSP sandbox is off), so its code runs on the admin's own origin.",
  },
];

/** Names the admin role as the one needed (and the caller's), as every role denial does; the reason says why. */
function forbidden(reason: string, role: Role, setting?: string): AppError {
  return new AppError('forbidden', reason, {
    details: { ...(setting ? { fields: { [setting]: reason } } : {}), details: { requiredRole: 'admin', role } },
  });
}

/** Throws `403 forbidden` naming the setting when a non-admin's create (no `current`) or patch sets an admin-only value. */
export function assertMaySetEndpoint(role: Role, input: Partial<Endpoint>, current?: Endpoint): void {
  if (role === 'admin') return;
  for (const rule of RULES) {
    const next = input[rule.setting];
    if (next !== undefined && rule.needsAdmin(next, current?.[rule.setting]))
      throw forbidden(rule.reason, role, rule.setting);
  }
}

/** Why a non-admin may not publish code on this endpoint, or null when they may. */
export function scenarioLockReason(role: Role, endpoint: Endpoint): string | null {
  if (role === 'admin') return null;
  return LOCKED_SCENARIO.find((lock) => lock.applies(endpoint))?.reason ?? null;
}

export function assertMayPublishScenario(role: Role, endpoint: Endpoint): void {
  const reason = scenarioLockReason(role, endpoint);
  if (reason) throw forbidden(reason, role);
}
