import type { Role } from '@contract';

/** What a signed-in user may do. The server enforces the same rules; the UI hides what would be refused. */
export type Permission =
  | 'endpoints.write'
  | 'scenario.write'
  | 'scenario.testRun'
  | 'process.rerun'
  | 'process.cancel'
  /** Send a finished run's callback once more. */
  | 'process.deliverCallback'
  | 'users.manage'
  | 'tokens.manage'
  | 'secrets.manage'
  /** Keys for callers of `apiKey` endpoints. */
  | 'apiKeys.manage'
  | 'audit.read';

const EDITOR: readonly Permission[] = [
  'endpoints.write',
  'scenario.write',
  'scenario.testRun',
  'process.rerun',
  'process.cancel',
  'process.deliverCallback',
  'apiKeys.manage',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [...EDITOR, 'users.manage', 'tokens.manage', 'secrets.manage', 'audit.read'],
  editor: EDITOR,
  viewer: [],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && GRANTS[role].includes(permission);
}
