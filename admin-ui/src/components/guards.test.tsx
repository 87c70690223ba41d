import type { Role } from '@contract';
import { screen } from '@testing-library/react';
import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { can } from '../lib/permissions';
import { renderWithProviders } from '../test/render';
import { RequirePermission, requiredRoleFor } from './guards';

const session = vi.hoisted(() => ({ role: 'editor' as Role }));
vi.mock('../lib/session', () => ({
  useSession: () => ({
    user: { id: 'u1', email: 'e@example.test', name: 'E', role: session.role },
    can: (permission: Parameters<typeof can>[1]) => can(session.role, permission),
  }),
}));

afterEach(async () => {
  session.role = 'editor';
  await i18next.changeLanguage('en');
});

describe('a page the role cannot use', () => {
  it('names the role it needs and the user’s own', () => {
    renderWithProviders(
      <RequirePermission permission="users.manage">
        <p>users</p>
      </RequirePermission>,
    );
    expect(screen.queryByText('users')).toBeNull();
    expect(screen.getByText('This needs the Admin role (you are Editor). Ask an admin if you need it.')).toBeTruthy();
  });

  it('says it in Russian in the Russian UI', async () => {
    session.role = 'viewer';
    await i18next.changeLanguage('ru');
    renderWithProviders(
      <RequirePermission permission="apiKeys.manage">
        <p>keys</p>
      </RequirePermission>,
    );
    expect(screen.getByText(/Для этого нужна роль «Редактор» \(ваша роль — «Наблюдатель»\)/)).toBeTruthy();
  });

  it('knows the least role of each permission', () => {
    expect(requiredRoleFor('process.rerun')).toBe('editor');
    expect(requiredRoleFor('audit.read')).toBe('admin');
  });
});
