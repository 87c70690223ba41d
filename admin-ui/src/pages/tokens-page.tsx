import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../components/icons';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useTokens } from '../features/tokens/api/hooks';
import { CreateTokenDialog } from '../features/tokens/components/CreateTokenDialog';
import { TokensTable } from '../features/tokens/components/TokensTable';

export function TokensPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.tokens'));
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
      <IconPlus /> {t('tokens.create')}
    </button>
  );
  return (
    <div className="page">
      <PageHeader title={t('nav.tokens')} subtitle={t('tokens.subtitle')} actions={create} />
      {tokens.isPending ? (
        <LoadingState />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title={t('tokens.empty.title')} hint={t('tokens.empty.hint')} action={create} />
      ) : (
        <div className="panel panel--flush">
          <TokensTable tokens={tokens.data} />
        </div>
      )}
      {creating ? <CreateTokenDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
