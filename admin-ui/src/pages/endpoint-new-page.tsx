import type { ScenarioLanguage } from '@contract';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { useToast } from '../components/Toasts';
import { TemplatePicker } from '../features/editor/components/TemplatePicker';
import { getTemplate, templateCode, type TemplateId } from '../features/editor/templates';
import { useCreateEndpoint } from '../features/endpoints/api/hooks';
import { EndpointForm } from '../features/endpoints/components/EndpointForm';
import { canSetAdminOnly } from '../features/endpoints/lib/admin-only';
import { emptyEndpointValues, type EndpointFormValues } from '../features/endpoints/lib/form-model';
import { applyTemplateSettings } from '../features/endpoints/lib/template-settings';
import { useSecrets } from '../features/secrets/api/hooks';
import { RequirePermission } from '../components/guards';
import { useSession } from '../lib/session';

const DEFAULT_TEMPLATE: TemplateId = 'formToJson';

function NewEndpoint() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateEndpoint();
  const isAdmin = canSetAdminOnly(useSession().user?.role);
  const secrets = useSecrets({ enabled: isAdmin });
  const [templateId, setTemplateId] = useState<TemplateId>(DEFAULT_TEMPLATE);
  const [language, setLanguage] = useState<ScenarioLanguage>('javascript');
  const latest = useRef<EndpointFormValues | null>(null);
  const onValuesChange = useCallback((values: EndpointFormValues) => {
    latest.current = values;
  }, []);

  // A template brings its methods, access preset and request schema; what was already typed stays.
  const [initial, setInitial] = useState(() =>
    applyTemplateSettings(emptyEndpointValues(), null, getTemplate(DEFAULT_TEMPLATE)),
  );
  const pickTemplate = (id: TemplateId) => {
    setInitial(applyTemplateSettings(latest.current ?? initial, getTemplate(templateId), getTemplate(id)));
    setTemplateId(id);
  };

  return (
    <div className="page page--narrow">
      <PageHeader
        title={t('endpoints.newTitle')}
        subtitle={t('endpoints.newSubtitle')}
        breadcrumb={<Link to="/endpoints">{t('nav.endpoints')}</Link>}
      />
      <EndpointForm
        mode="create"
        readOnly={false}
        canSetAdminOnly={isAdmin}
        secretNames={isAdmin ? (secrets.data?.map((secret) => secret.name) ?? []) : null}
        initial={initial}
        onValuesChange={onValuesChange}
        submitLabel={t('endpoints.createAndEdit')}
        before={
          <TemplatePicker
            value={templateId}
            onChange={pickTemplate}
            language={language}
            onLanguageChange={setLanguage}
          />
        }
        footerExtra={
          <Link to="/endpoints" className="btn btn--ghost">
            {t('common.cancel')}
          </Link>
        }
        onSubmit={async (input) => {
          const endpoint = await create.mutateAsync({ ...input, code: templateCode(templateId, language), language });
          toast('success', t('endpoints.created', { slug: endpoint.slug }));
          navigate(`/endpoints/${endpoint.id}`);
        }}
      />
    </div>
  );
}

export function EndpointNewPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('endpoints.newTitle'));
  return (
    <RequirePermission permission="endpoints.write">
      <NewEndpoint />
    </RequirePermission>
  );
}
