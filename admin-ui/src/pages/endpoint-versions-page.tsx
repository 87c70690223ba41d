import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { useToast } from '../components/Toasts';
import { useRestoreVersion, useScenarioVersions } from '../features/editor/api/hooks';
import { VersionsView } from '../features/editor/components/VersionsView';
import { useEndpoint } from '../features/endpoints/api/hooks';
import { EndpointHeader } from '../features/endpoints/components/EndpointHeader';
import { scenarioLocked } from '../features/endpoints/lib/admin-only';
import { usePermission, useSession } from '../lib/session';
import { BackToEndpoints } from './back-links';

export function EndpointVersionsPage() {
  const { t } = useTranslation();
  const { endpointId = '' } = useParams();
  const toast = useToast();
  const mayWrite = usePermission('scenario.write');
  const role = useSession().user?.role;
  const endpoint = useEndpoint(endpointId);
  const versions = useScenarioVersions(endpointId);
  const restore = useRestoreVersion(endpointId);
  useDocumentTitle(
    endpoint.data ? `${endpoint.data.slug} · ${t('endpoints.tabs.versions')}` : t('endpoints.tabs.versions'),
  );

  if (endpoint.isPending || versions.isPending) return <LoadingState />;
  if (endpoint.isError)
    return <ErrorState error={endpoint.error} onRetry={() => void endpoint.refetch()} back={<BackToEndpoints />} />;
  const locked = mayWrite && scenarioLocked(endpoint.data, role);
  const canRestore = mayWrite && !locked;
  return (
    <div className="page page--wide">
      <EndpointHeader endpoint={endpoint.data} />
      {locked ? (
        <p className="notice notice--warning" role="note">
          {t('editor.lockedUnsandboxed')}
        </p>
      ) : null}
      {versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <VersionsView
          key={endpoint.data.scenarioVersion}
          endpointId={endpointId}
          versions={versions.data}
          currentVersion={endpoint.data.scenarioVersion}
          canRestore={canRestore}
          onRestore={async (version) => {
            const live = endpoint.data.scenarioVersion;
            const created = await restore.mutateAsync(version);
            // The server adds no copy of code that is live already; it answers the live version.
            if (created.version === live) toast('info', t('versions.alreadyLive', { version, live }));
            else toast('success', t('versions.restored', { version, created: created.version }));
          }}
        />
      )}
    </div>
  );
}
