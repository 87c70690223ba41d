import type { User } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toasts';
import { formatDateTime } from '../../../lib/format';
import { useUpdateUser } from '../api/hooks';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { RoleSelect } from './RoleSelect';

/** Everyone who can sign in: change a role, reset a password, disable or enable. You cannot lock yourself out. */
export function UsersTable({ users, currentUserId }: { users: User[]; currentUserId: string }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const update = useUpdateUser();
  const [resetting, setResetting] = useState<User | null>(null);
  const [disabling, setDisabling] = useState<User | null>(null);

  const patch = (user: User, change: Parameters<typeof update.mutate>[0]['patch'], done: string) =>
    update.mutateAsync({ userId: user.id, patch: change }).then(
      () => toast('success', done),
      (error: unknown) => {
        toast('error', error instanceof Error ? error.message : t('errors.unknown.title'));
        throw error;
      },
    );

  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('users.columns.user')}</th>
            <th scope="col">{t('users.columns.role')}</th>
            <th scope="col">{t('users.columns.status')}</th>
            <th scope="col">{t('users.columns.created')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => {
            const self = user.id === currentUserId;
            return (
              <tr key={user.id} className={user.disabled ? 'table__row--muted' : undefined}>
                <td>
                  <strong>{user.name || user.email}</strong>
                  {self ? <span className="badge badge--info">{t('users.you')}</span> : null}
                  <div className="muted">{user.email}</div>
                </td>
                <td>
                  <RoleSelect
                    value={user.role}
                    disabled={self}
                    label={t('users.roleOf', { email: user.email })}
                    onChange={(role) =>
                      void patch(
                        user,
                        { role },
                        t('users.roleChanged', { email: user.email, role: t(`roles.${role}`) }),
                      ).catch(() => undefined)
                    }
                  />
                </td>
                <td>
                  <span className={`badge ${user.disabled ? 'badge--bad' : 'badge--good'}`}>
                    {user.disabled ? t('users.disabled') : t('users.active')}
                  </span>
                </td>
                <td>{formatDateTime(user.createdAt, i18n.language)}</td>
                <td className="table__actions">
                  <button type="button" className="btn btn--small" onClick={() => setResetting(user)}>
                    {t('users.resetPassword')}
                  </button>
                  {self ? null : user.disabled ? (
                    <button
                      type="button"
                      className="btn btn--small"
                      onClick={() =>
                        void patch(user, { disabled: false }, t('users.enabled', { email: user.email })).catch(
                          () => undefined,
                        )
                      }
                    >
                      {t('users.enable')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="btn btn--small btn--danger-outline"
                      onClick={() => setDisabling(user)}
                    >
                      {t('users.disable')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {resetting ? <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} /> : null}
      {disabling ? (
        <ConfirmDialog
          danger
          title={t('users.disableTitle', { email: disabling.email })}
          message={t('users.disableMessage')}
          confirmLabel={t('users.disable')}
          onConfirm={() => patch(disabling, { disabled: true }, t('users.disabledToast', { email: disabling.email }))}
          onClose={() => setDisabling(null)}
        />
      ) : null}
    </>
  );
}
