import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, Spinner } from '../components/states';
import { useAuditLog } from '../features/audit/api/hooks';
import { AuditFilters } from '../features/audit/components/AuditFilters';
import { AuditTable } from '../features/audit/components/AuditTable';
import {
  hasAuditFilters,
  readAuditParams,
  toAuditFilter,
  writeAuditParams,
  type AuditParams,
} from '../features/audit/lib/audit-params';
import { useEndpoints } from '../features/endpoints/api/hooks';
import { useUsers } from '../features/users/api/hooks';

/** Who changed what and when (admins only): endpoints, scenarios, access, keys, secrets, users, tokens. */
export function AuditPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.audit'));
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readAuditParams(search), [search]);
  // Relative ranges are fixed when the filter changes, so paging stays consistent.
  const filter = useMemo(() => toAuditFilter(params), [params]);
  const onChange = useCallback(
    (next: AuditParams) => setSearch(writeAuditParams(next), { replace: true }),
    [setSearch],
  );
  const users = useUsers();
  const endpoints = useEndpoints();
  const log = useAuditLog(filter);
  const actors = (users.data ?? []).map((user) => ({ id: user.id, label: user.email }));
  const endpointOptions = (endpoints.data ?? []).map((endpoint) => ({ id: endpoint.id, label: endpoint.slug }));
  const endpointIds = useMemo(() => new Set((endpoints.data ?? []).map((endpoint) => endpoint.id)), [endpoints.data]);

  return (
    <div className="page">
      <PageHeader title={t('nav.audit')} subtitle={t('audit.subtitle')} />
      <AuditFilters params={params} onChange={onChange} actors={actors} endpoints={endpointOptions} />
      {log.isPending ? (
        <LoadingState />
      ) : log.isError ? (
        <ErrorState error={log.error} onRetry={() => void log.refetch()} />
      ) : log.items.length === 0 ? (
        hasAuditFilters(params) ? (
          <EmptyState title={t('processes.emptyFiltered.title')} hint={t('processes.emptyFiltered.hint')} />
        ) : (
          <EmptyState title={t('audit.empty.title')} hint={t('audit.empty.hint')} />
        )
      ) : (
        <>
          <div className="panel panel--flush">
            <AuditTable items={log.items} endpointIds={endpointIds} />
          </div>
          <div className="pager">
            {log.hasNextPage ? (
              <button
                type="button"
                className="btn"
                onClick={() => void log.fetchNextPage()}
                disabled={log.isFetchingNextPage}
              >
                {log.isFetchingNextPage ? <Spinner /> : null}
                {t('processes.loadMore')}
              </button>
            ) : (
              <span className="muted">{t('audit.end', { count: log.items.length })}</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
