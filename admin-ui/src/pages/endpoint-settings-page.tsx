import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ConfirmDialog } from '../components/Dialog';
import { IconTrash } from '../components/icons';
import { useDocumentTitle } from '../components/PageHeader';
import { ErrorState, LoadingState } from '../components/states';
import { useToast } from '../components/Toasts';
import { UnsavedChangesGuard } from '../components/UnsavedChangesGuard';
import { useDeleteEndpoint, useEndpoint, useUpdateEndpoint } from '../features/endpoints/api/hooks';
import { EndpointForm } from '../features/endpoints/components/EndpointForm';
import { CallbackSecretField } from '../features/endpoints/components/form/CallbackSecretField';
import { EndpointHeader } from '../features/endpoints/components/EndpointHeader';
import { RefusedCallsPanel } from '../features/endpoints/components/RefusedCallsPanel';
import { canSetAdminOnly } from '../features/endpoints/lib/admin-only';
import { valuesFromEndpoint, type EndpointFormValues } from '../features/endpoints/lib/form-model';
import { useSecrets } from '../features/secrets/api/hooks';
import { usePermission, useSession } from '../lib/session';
import { publicUrl } from '../lib/snippets';
import { BackToEndpoints } from './back-links';

export function EndpointSettingsPage() {
  const { t } = useTranslation();
  const { endpointId = '' } = useParams();
  const navigate = useNavigate();
  const toast = useToast();
  const canWrite = usePermission('endpoints.write');
  const isAdmin = canSetAdminOnly(useSession().user?.role);
  const secrets = useSecrets({ enabled: isAdmin });
  const endpoint = useEndpoint(endpointId);
  const update = useUpdateEndpoint(endpointId);
  const remove = useDeleteEndpoint();
  const [dirty, setDirty] = useState(false);
  const [deleting, setDeleting] = useState(false);
  /** Set while the user is asked whether to save a form that turns a live endpoint off. */
  const [askDisable, setAskDisable] = useState<((confirmed: boolean) => void) | null>(null);
  // Keyed by value: a change that is not a form field (a regenerated callback secret) must not
  // reset what is being typed; a save that changes the fields does.
  const initialJson = endpoint.data ? JSON.stringify(valuesFromEndpoint(endpoint.data)) : null;
  const initial = useMemo(
    () => (initialJson === null ? null : (JSON.parse(initialJson) as EndpointFormValues)),
    [initialJson],
  );
  useDocumentTitle(
    endpoint.data ? `${endpoint.data.slug} · ${t('endpoints.tabs.settings')}` : t('endpoints.tabs.settings'),
  );

  if (endpoint.isPending) return <LoadingState />;
  if (endpoint.isError || !initial) {
    return <ErrorState error={endpoint.error} onRetry={() => void endpoint.refetch()} back={<BackToEndpoints />} />;
  }
  const data = endpoint.data;
  return (
    <div className="page">
      <EndpointHeader endpoint={data} />
      <div className="page--narrow">
        {canWrite ? null : <p className="notice">{t('endpoints.readOnlyNotice')}</p>}
        <RefusedCallsPanel endpointId={data.id} />
        <EndpointForm
          mode="edit"
          readOnly={!canWrite}
          canSetAdminOnly={isAdmin}
          secretNames={isAdmin ? (secrets.data?.map((secret) => secret.name) ?? []) : null}
          initial={initial}
          endpointId={data.id}
          callbackSecret={<CallbackSecretField endpoint={data} canRegenerate={canWrite} />}
          onDirtyChange={setDirty}
          submitLabel={t('common.saveChanges')}
          onSubmit={async (input) => {
            const turningOff = data.enabled && input.enabled === false;
            if (turningOff) {
              const confirmed = await new Promise<boolean>((resolve) => setAskDisable(() => resolve));
              setAskDisable(null);
              if (!confirmed) return;
            }
            await update.mutateAsync(input);
            const name = input.name || data.name || data.slug;
            if (turningOff) toast('success', t('safeActions.disabled', { name }));
            else if (!data.enabled && input.enabled) toast('success', t('safeActions.enabled', { name }));
            else toast('success', t('endpoints.saved'));
          }}
        />
        {canWrite ? (
          <section className="danger-zone">
            <h2>{t('endpoints.dangerZone')}</h2>
            <p>{t('endpoints.deleteHint')}</p>
            <button type="button" className="btn btn--danger" onClick={() => setDeleting(true)}>
              <IconTrash /> {t('endpoints.deleteEndpoint')}
            </button>
          </section>
        ) : null}
      </div>
      <UnsavedChangesGuard dirty={dirty && !deleting} />
      {askDisable ? (
        <ConfirmDialog
          danger
          title={t('safeActions.disableTitle', { name: data.name || data.slug })}
          message={t('safeActions.disableMessage', { url: publicUrl(window.location.origin, data.slug) })}
          confirmLabel={t('safeActions.disableConfirm')}
          onConfirm={async () => askDisable(true)}
          onClose={() => askDisable(false)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          danger
          title={t('endpoints.deleteTitle', { slug: data.slug })}
          message={t('endpoints.deleteMessage', { slug: data.slug })}
          confirmLabel={t('common.delete')}
          requireText={data.slug}
          onConfirm={async () => {
            await remove.mutateAsync(data.id);
            toast('success', t('endpoints.deleted', { slug: data.slug }));
            navigate('/endpoints');
          }}
          onClose={() => setDeleting(false)}
        />
      ) : null}
    </div>
  );
}
