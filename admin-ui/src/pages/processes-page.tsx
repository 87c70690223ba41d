import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState, Spinner } from '../components/states';
import { useEndpoints } from '../features/endpoints/api/hooks';
import { useProcessList } from '../features/processes/api/hooks';
import { ProcessFilters } from '../features/processes/components/ProcessFilters';
import { ProcessTable } from '../features/processes/components/ProcessTable';
import {
  hasFilters,
  readParams,
  toApiFilter,
  writeParams,
  type ProcessListParams,
} from '../features/processes/lib/filter-params';
import { useLiveStatus } from '../lib/socket';

function LiveIndicator() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  return (
    <span className={`live-indicator live-indicator--${status}`} role="status">
      <span className="live-indicator__dot" aria-hidden="true" />
      {t(`processes.live.${status}`)}
    </span>
  );
}

export function ProcessesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.processes'));
  const [search, setSearch] = useSearchParams();
  const params = useMemo(() => readParams(search), [search]);
  // Relative ranges ("last hour") are fixed when the filter changes, so paging stays consistent.
  const filter = useMemo(() => toApiFilter(params), [params]);
  const onChange = useCallback(
    (next: ProcessListParams) => setSearch(writeParams(next), { replace: true }),
    [setSearch],
  );
  const endpoints = useEndpoints();
  const list = useProcessList(filter);
  const endpointOptions = (endpoints.data ?? []).map((endpoint) => ({
    id: endpoint.id,
    label: endpoint.name && endpoint.name !== endpoint.slug ? `${endpoint.name} (${endpoint.slug})` : endpoint.slug,
  }));

  return (
    <div className="page">
      <PageHeader title={t('nav.processes')} subtitle={t('processes.subtitle')} actions={<LiveIndicator />} />
      <ProcessFilters params={params} onChange={onChange} endpoints={endpointOptions} />
      {list.isPending ? (
        <LoadingState />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.items.length === 0 ? (
        hasFilters(params) ? (
          <EmptyState title={t('processes.emptyFiltered.title')} hint={t('processes.emptyFiltered.hint')} />
        ) : (
          <EmptyState title={t('processes.empty.title')} hint={t('processes.empty.hint')} />
        )
      ) : (
        <>
          <div className="panel panel--flush">
            <ProcessTable items={list.items} arrived={list.arrived} />
          </div>
          <div className="pager">
            {list.hasNextPage ? (
              <button
                type="button"
                className="btn"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? <Spinner /> : null}
                {t('processes.loadMore')}
              </button>
            ) : (
              <span className="muted">{t('processes.end', { count: list.items.length })}</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
