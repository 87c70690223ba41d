import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconPlus } from '../components/icons';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useApiKeys } from '../features/api-keys/api/hooks';
import { ApiKeysTable } from '../features/api-keys/components/ApiKeysTable';
import { CreateApiKeyDialog } from '../features/api-keys/components/CreateApiKeyDialog';
import type { EndpointOption } from '../features/api-keys/lib/key-status';
import { useEndpoints } from '../features/endpoints/api/hooks';

/** Keys for callers of `apiKey` endpoints (admins and editors); not the admin's own API tokens. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.apiKeys'));
  const keys = useApiKeys();
  const endpointList = useEndpoints();
  const [creating, setCreating] = useState(false);
  const endpoints = useMemo<EndpointOption[]>(
    () =>
      (endpointList.data ?? []).map((endpoint) => ({
        id: endpoint.id,
        slug: endpoint.slug,
        name: endpoint.name,
        accessType: endpoint.access.type,
        methods: endpoint.methods,
      })),
    [endpointList.data],
  );
  const create = (
    <button type="button" className="btn btn--primary" onClick={() => setCreating(true)}>
      <IconPlus /> {t('apiKeys.create')}
    </button>
  );
  return (
    <div className="page">
      <PageHeader title={t('nav.apiKeys')} subtitle={t('apiKeys.subtitle')} actions={create} />
      {keys.isPending ? (
        <LoadingState />
      ) : keys.isError ? (
        <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data.length === 0 ? (
        <EmptyState title={t('apiKeys.empty.title')} hint={t('apiKeys.empty.hint')} action={create} />
      ) : (
        <div className="panel panel--flush">
          <ApiKeysTable keys={keys.data} endpoints={endpoints} />
        </div>
      )}
      {creating ? <CreateApiKeyDialog endpoints={endpoints} onClose={() => setCreating(false)} /> : null}
    </div>
  );
}
