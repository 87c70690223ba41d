import type { ApiTokenInfo } from '@contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '../../../components/Dialog';
import { useToast } from '../../../components/Toasts';
import { formatDateTime, formatRelative } from '../../../lib/format';
import { useRevokeToken } from '../api/hooks';

export function TokensTable({ tokens }: { tokens: ApiTokenInfo[] }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  return (
    <>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('tokens.name')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('tokens.created')}</th>
            <th scope="col">{t('tokens.expires')}</th>
            <th scope="col">{t('tokens.lastUsed')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td>
                <strong>{token.name}</strong> <code className="muted">{token.prefix}…</code>
                <div className="muted">{token.userEmail}</div>
              </td>
              <td>{t(`roles.${token.role}`)}</td>
              <td>{formatDateTime(token.createdAt, i18n.language)}</td>
              <td>
                {token.expiresAt ? (
                  formatDateTime(token.expiresAt, i18n.language)
                ) : (
                  <span className="muted">{t('tokens.neverExpires')}</span>
                )}
              </td>
              <td title={formatDateTime(token.lastUsedAt, i18n.language)}>
                {token.lastUsedAt ? (
                  formatRelative(token.lastUsedAt, i18n.language)
                ) : (
                  <span className="muted">{t('tokens.never')}</span>
                )}
              </td>
              <td className="table__actions">
                <button type="button" className="btn btn--small btn--danger-outline" onClick={() => setRevoking(token)}>
                  {t('tokens.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoking ? (
        <ConfirmDialog
          danger
          title={t('tokens.revokeTitle', { name: revoking.name })}
          message={t('tokens.revokeMessage')}
          confirmLabel={t('tokens.revoke')}
          onConfirm={async () => {
            await revoke.mutateAsync(revoking.id);
            toast('success', t('tokens.revoked', { name: revoking.name }));
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </>
  );
}
