import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ConfirmDialog } from '../components/Dialog';
import { IconPlus } from '../components/icons';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useToast } from '../components/Toasts';
import { useEndpoints } from '../features/endpoints/api/hooks';
import { useDeleteSecret, useSecrets } from '../features/secrets/api/hooks';
import { SecretDialog } from '../features/secrets/components/SecretDialog';
import { formatDateTime } from '../lib/format';

export function SecretsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.secrets'));
  const toast = useToast();
  const secrets = useSecrets();
  const remove = useDeleteSecret();
  const endpoints = useEndpoints();
  // Which endpoints see each secret: grants are made in each endpoint's settings.
  const grants = useMemo(() => {
    const byName = new Map<string, Array<{ id: string; slug: string }>>();
    for (const endpoint of endpoints.data ?? []) {
      for (const name of endpoint.secrets ?? [])
        byName.set(name, [...(byName.get(name) ?? []), { id: endpoint.id, slug: endpoint.slug }]);
    }
    return byName;
  }, [endpoints.data]);
  const [editing, setEditing] = useState<{ name: string | null } | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const add = (
    <button type="button" className="btn btn--primary" onClick={() => setEditing({ name: null })}>
      <IconPlus /> {t('secrets.add')}
    </button>
  );
  return (
    <div className="page">
      <PageHeader title={t('nav.secrets')} subtitle={t('secrets.subtitle')} actions={add} />
      {secrets.isPending ? (
        <LoadingState />
      ) : secrets.isError ? (
        <ErrorState error={secrets.error} onRetry={() => void secrets.refetch()} />
      ) : secrets.data.length === 0 ? (
        <EmptyState title={t('secrets.empty.title')} hint={t('secrets.empty.hint')} action={add} />
      ) : (
        <div className="panel panel--flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('secrets.name')}</th>
                <th scope="col">{t('secrets.usage')}</th>
                <th scope="col">{t('secrets.grantedTo')}</th>
                <th scope="col">{t('secrets.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {secrets.data.map((secret) => (
                <tr key={secret.name}>
                  <td>
                    <code>{secret.name}</code>
                    {secret.unreadable ? (
                      <>
                        {' '}
                        <span className="badge badge--warn" title={t('secrets.unreadableHint')}>
                          {t('secrets.unreadable')}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <code className="muted">ctx.secrets.{secret.name}</code>
                  </td>
                  <td>
                    {(grants.get(secret.name) ?? []).length === 0 ? (
                      <span className="muted">{t('secrets.notGranted')}</span>
                    ) : (
                      (grants.get(secret.name) ?? []).map((endpoint, index) => (
                        <span key={endpoint.id}>
                          {index > 0 ? ', ' : ''}
                          <Link to={`/endpoints/${endpoint.id}/settings`}>{endpoint.slug}</Link>
                        </span>
                      ))
                    )}
                  </td>
                  <td>{formatDateTime(secret.updatedAt, i18n.language)}</td>
                  <td className="table__actions">
                    <button type="button" className="btn btn--small" onClick={() => setEditing({ name: secret.name })}>
                      {t('secrets.replace')}
                    </button>
                    <button
                      type="button"
                      className="btn btn--small btn--danger-outline"
                      onClick={() => setDeleting(secret.name)}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing ? <SecretDialog existingName={editing.name} onClose={() => setEditing(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          danger
          title={t('secrets.deleteTitle', { name: deleting })}
          message={t('secrets.deleteMessage')}
          confirmLabel={t('common.delete')}
          onConfirm={async () => {
            await remove.mutateAsync(deleting);
            toast('success', t('secrets.deleted', { name: deleting }));
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
    </div>
  );
}
