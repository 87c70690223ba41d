import type { ApiKeyInfo } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ConfirmDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toasts';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useRevokeApiKey } from '../api/hooks';
import { canRotate, keyStatus, stopsAt, type EndpointOption, type KeyStatus } from '../lib/key-status';
import { RotateApiKeyDialog } from './RotateApiKeyDialog';

const STATUS_BADGE: Record<KeyStatus, string> = {
  active: 'badge badge--good',
  expiring: 'badge badge--warn',
  revoked: 'badge badge--bad',
  expired: 'badge',
};

function Scope({ ids, endpoints }: { ids: readonly string[]; endpoints: readonly EndpointOption[] }) {
  const { t } = useTranslation();
  return (
    <span className="scope-chips">
      {ids.map((id) => {
        const endpoint = endpoints.find((item) => item.id === id);
        return endpoint ? (
          <Link key={id} to={`/endpoints/${id}/settings`} className="scope-chips__item">
            <code>{endpoint.slug}</code>
          </Link>
        ) : (
          <span key={id} className="muted" title={id}>
            {t('apiKeys.deletedEndpoint')}
          </span>
        );
      })}
    </span>
  );
}

export function ApiKeysTable({ keys, endpoints }: { keys: ApiKeyInfo[]; endpoints: readonly EndpointOption[] }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const revoke = useRevokeApiKey();
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);
  const [rotating, setRotating] = useState<ApiKeyInfo | null>(null);
  const now = Date.now();
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('apiKeys.name')}</th>
            <th scope="col">{t('apiKeys.endpoints')}</th>
            <th scope="col">{t('apiKeys.expires')}</th>
            <th scope="col">{t('tokens.lastUsed')}</th>
            <th scope="col">{t('apiKeys.status')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => {
            const status = keyStatus(key, now);
            const ends = stopsAt(key);
            const usable = status === 'active' || status === 'expiring';
            return (
              <tr key={key.id} data-api-key={key.name} className={usable ? undefined : 'table__row--muted'}>
                <td>
                  <strong>{key.name}</strong> <code className="muted">{key.prefix}…</code>
                  <div className="muted">
                    {t('apiKeys.createdAt', { time: formatDateTime(key.createdAt, i18n.language) })}
                  </div>
                </td>
                <td>
                  <Scope ids={key.endpointIds} endpoints={endpoints} />
                </td>
                <td title={formatDateTime(ends, i18n.language)}>
                  {ends ? (
                    formatRelative(ends, i18n.language, now)
                  ) : (
                    <span className="muted">{t('tokens.neverExpires')}</span>
                  )}
                </td>
                <td title={formatDateTime(key.lastUsedAt, i18n.language)}>
                  {key.lastUsedAt ? (
                    formatRelative(key.lastUsedAt, i18n.language, now)
                  ) : (
                    <span className="muted">{t('tokens.never')}</span>
                  )}
                </td>
                <td>
                  <span className={STATUS_BADGE[status]}>{t(`apiKeys.statuses.${status}`)}</span>
                </td>
                <td className="table__actions">
                  {canRotate(key, now) ? (
                    <button type="button" className="btn btn--small" onClick={() => setRotating(key)}>
                      {t('apiKeys.rotate')}
                    </button>
                  ) : null}
                  {usable ? (
                    <button
                      type="button"
                      className="btn btn--small btn--danger-outline"
                      onClick={() => setRevoking(key)}
                    >
                      {t('tokens.revoke')}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rotating ? (
        <RotateApiKeyDialog apiKey={rotating} endpoints={endpoints} onClose={() => setRotating(null)} />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          danger
          title={t('apiKeys.revokeTitle', { name: revoking.name })}
          message={t('apiKeys.revokeMessage')}
          confirmLabel={t('tokens.revoke')}
          onConfirm={async () => {
            await revoke.mutateAsync(revoking.id);
            toast('success', t('apiKeys.revoked', { name: revoking.name }));
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}
