import { HTTP_METHODS, type EndpointListItem } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CopyButton } from '../../../components/CopyButton';
import { ConfirmDialog } from '../../../components/Dialog';
import { Switch } from '../../../components/Field';
import { useRoleNeededText } from '../../../components/guards';
import { IconCode, IconSettings, IconTrash } from '../../../components/icons';
import { StatusChip } from '../../../components/StatusChip';
import { useToast } from '../../../components/Toasts';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { publicUrl } from '../../../lib/snippets';
import { useDeleteEndpoint, useToggleEndpoint } from '../api/hooks';
import { AccessBadge } from './AccessBadge';
import { UsageDialog } from './UsageDialog';

export function MethodList({ methods }: { methods: readonly string[] }) {
  const { t } = useTranslation();
  if (methods.length === HTTP_METHODS.length)
    return <span className="method method--any">{t('endpoints.anyMethod')}</span>;
  return (
    <span className="method-list">
      {methods.map((method) => (
        <span key={method} className={`method method--${method.toLowerCase()}`}>
          {method}
        </span>
      ))}
    </span>
  );
}

export function EndpointsTable({ endpoints, canWrite }: { endpoints: EndpointListItem[]; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const toggle = useToggleEndpoint();
  const remove = useDeleteEndpoint();
  const [usageFor, setUsageFor] = useState<EndpointListItem | null>(null);
  const [deleting, setDeleting] = useState<EndpointListItem | null>(null);
  const [disabling, setDisabling] = useState<EndpointListItem | null>(null);
  const needsEditor = useRoleNeededText('endpoints.write');

  /** Turning a live endpoint off breaks its callers: that asks first (see the dialog below). */
  function switchTo(endpoint: EndpointListItem, enabled: boolean) {
    if (!enabled && endpoint.enabled) {
      setDisabling(endpoint);
      return;
    }
    const name = endpoint.name || endpoint.slug;
    toggle.mutate(
      { endpointId: endpoint.id, enabled },
      {
        onSuccess: () => toast('success', t('safeActions.enabled', { name })),
        onError: () => toast('error', t('endpoints.toggleFailed', { slug: endpoint.slug })),
      },
    );
  }

  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('endpoints.columns.endpoint')}</th>
            <th scope="col">{t('endpoints.columns.methods')}</th>
            <th scope="col">{t('endpoints.columns.mode')}</th>
            <th scope="col">{t('endpoints.columns.lastRun')}</th>
            <th scope="col">{t('endpoints.columns.enabled')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {endpoints.map((endpoint) => {
            const url = publicUrl(window.location.origin, endpoint.slug);
            return (
              <tr key={endpoint.id} className={endpoint.enabled ? undefined : 'table__row--muted'}>
                <td>
                  <Link to={`/endpoints/${endpoint.id}`} className="endpoint-cell__name">
                    {endpoint.name || endpoint.slug}
                  </Link>
                  <AccessBadge endpoint={endpoint} />
                  <div className="endpoint-cell__slug">
                    <code>/{endpoint.slug}</code>
                    <CopyButton text={url} label={t('endpoints.copyUrl')} compact />
                  </div>
                  {endpoint.description ? <p className="endpoint-cell__description">{endpoint.description}</p> : null}
                </td>
                <td>
                  <MethodList methods={endpoint.methods} />
                </td>
                <td>
                  <span className={`badge${endpoint.alwaysAsync ? ' badge--info' : ''}`}>
                    {endpoint.alwaysAsync ? t('mode.async') : t('mode.sync')}
                  </span>
                </td>
                <td>
                  {endpoint.lastRun ? (
                    <Link
                      to={`/processes/${endpoint.lastRun.processId}`}
                      className="last-run"
                      title={formatDateTime(endpoint.lastRun.at, i18n.language)}
                    >
                      <StatusChip status={endpoint.lastRun.status} />
                      <span className="muted">{formatRelative(endpoint.lastRun.at, i18n.language)}</span>
                    </Link>
                  ) : (
                    <span className="muted">{t('endpoints.neverRun')}</span>
                  )}
                </td>
                <td>
                  <Switch
                    checked={endpoint.enabled}
                    disabled={!canWrite}
                    label={
                      t(endpoint.enabled ? 'endpoints.disable' : 'endpoints.enable', { slug: endpoint.slug }) +
                      (canWrite ? '' : ` — ${needsEditor}`)
                    }
                    onChange={(enabled) => switchTo(endpoint, enabled)}
                  />
                </td>
                <td className="table__actions">
                  <button type="button" className="btn btn--small" onClick={() => setUsageFor(endpoint)}>
                    <IconCode /> {t('endpoints.usage')}
                  </button>
                  <Link
                    to={`/endpoints/${endpoint.id}/settings`}
                    className="icon-btn"
                    aria-label={t('endpoints.settingsOf', { slug: endpoint.slug })}
                    title={t('endpoints.settings')}
                  >
                    <IconSettings />
                  </Link>
                  {canWrite ? (
                    <button
                      type="button"
                      className="icon-btn icon-btn--danger"
                      aria-label={t('endpoints.deleteOf', { slug: endpoint.slug })}
                      title={t('common.delete')}
                      onClick={() => setDeleting(endpoint)}
                    >
                      <IconTrash />
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {usageFor ? <UsageDialog endpoint={usageFor} onClose={() => setUsageFor(null)} /> : null}
      {deleting ? (
        <ConfirmDialog
          danger
          title={t('endpoints.deleteTitle', { slug: deleting.slug })}
          message={t('endpoints.deleteMessage', { slug: deleting.slug })}
          confirmLabel={t('common.delete')}
          requireText={deleting.slug}
          onConfirm={async () => {
            await remove.mutateAsync(deleting.id);
            toast('success', t('endpoints.deleted', { slug: deleting.slug }));
          }}
          onClose={() => setDeleting(null)}
        />
      ) : null}
      {disabling ? (
        <ConfirmDialog
          danger
          title={t('safeActions.disableTitle', { name: disabling.name || disabling.slug })}
          message={t('safeActions.disableMessage', { url: publicUrl(window.location.origin, disabling.slug) })}
          confirmLabel={t('safeActions.disableConfirm')}
          onConfirm={async () => {
            await toggle.mutateAsync({ endpointId: disabling.id, enabled: false });
            toast('success', t('safeActions.disabled', { name: disabling.name || disabling.slug }));
          }}
          onClose={() => setDisabling(null)}
        />
      ) : null}
    </>
  );
}
