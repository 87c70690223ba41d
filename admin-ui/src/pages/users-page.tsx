import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../components/icons';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { useUsers } from '../features/users/api/hooks';
import { CreateUserDialog } from '../features/users/components/CreateUserDialog';
import { UsersTable } from '../features/users/components/UsersTable';
import { useUser } from '../lib/session';

export function UsersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.users'));
  const me = useUser();
  const users = useUsers();
  const [creating, setCreating] = useState(false);
  return (
    <div className="page">
      <PageHeader
        title={t('nav.users')}
        subtitle={t('users.subtitle')}
        actions={
          <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
            <IconPlus /> {t('users.create')}
          </button>
        }
      />
      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : (
        <div className="panel panel--flush">
          <UsersTable users={users.data} currentUserId={me.id} />
        </div>
      )}
      <dl className="role-legend">
        {(['admin', 'editor', 'viewer'] as const).map((role) => (
          <div key={role}>
            <dt>{t(`roles.${role}`)}</dt>
            <dd>{t(`users.roleHints.${role}`)}</dd>
          </div>
        ))}
      </dl>
      {creating ? <CreateUserDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
