import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { IconPlus } from '../components/icons';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../components/states';
import { useEndpoints, useLiveLastRuns } from '../features/endpoints/api/hooks';
import { EndpointsTable } from '../features/endpoints/components/EndpointsTable';
import { usePermission } from '../lib/session';

export function EndpointsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.endpoints'));
  const canWrite = usePermission('endpoints.write');
  const endpoints = useEndpoints();
  useLiveLastRuns();
  const create = canWrite ? (
    <Link to="/endpoints/new" className="btn btn--primary">
      <IconPlus /> {t('endpoints.create')}
    </Link>
  ) : null;

  return (
    <div className="page">
      <PageHeader title={t('nav.endpoints')} subtitle={t('endpoints.subtitle')} actions={create} />
      {endpoints.isPending ? (
        <LoadingState />
      ) : endpoints.isError ? (
        <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />
      ) : endpoints.data.length === 0 ? (
        <EmptyState
          title={t('endpoints.empty.title')}
          hint={canWrite ? t('endpoints.empty.hint') : t('endpoints.empty.hintViewer')}
          action={create}
        />
      ) : (
        <div className="panel panel--flush">
          <EndpointsTable endpoints={endpoints.data} canWrite={canWrite} />
        </div>
      )}
    </div>
  );
}
