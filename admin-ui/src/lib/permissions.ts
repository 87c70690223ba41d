import type { Role } from '@contract';

/** What a signed-in user may do. The server enforces the same rules; the UI hides what would be refused. */
export type Permission =
  | 'endpoints.write'
  | 'scenario.write'
  | 'scenario.testRun'
  | 'process.rerun'
  | 'process.cancel'
  | 'users.manage'
  | 'tokens.manage'
  | 'secrets.manage';

const EDITOR: readonly Permission[] = [
  'endpoints.write',
  'scenario.write',
  'scenario.testRun',
  'process.rerun',
  'process.cancel',
];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: [...EDITOR, 'users.manage', 'tokens.manage', 'secrets.manage'],
  editor: EDITOR,
  viewer: [],
};

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && GRANTS[role].includes(permission);
}
