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
import { SiteOriginPrompt, useSiteOrigin } from '../features/endpoints/components/SiteOriginPrompt';
import { withSiteOrigin } from '../features/endpoints/lib/site-origin';
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
  // A new endpoint starts off, so untested template code never answers calls; ticking
  // "Enabled" makes it live at once, and the footer says which of the two will happen.
  const [startsOn, setStartsOn] = useState(false);
  const onValuesChange = useCallback((values: EndpointFormValues) => {
    latest.current = values;
    setStartsOn(values.enabled);
  }, []);

  // A template brings its methods, access preset and request schema; what was already typed stays.
  const [initial, setInitial] = useState(() =>
    applyTemplateSettings({ ...emptyEndpointValues(), enabled: false }, null, getTemplate(DEFAULT_TEMPLATE)),
  );
  // A template browsers call from the user's site asks for that site (its CORS origin).
  const asksSite = getTemplate(templateId).needsCors;
  const site = useSiteOrigin(asksSite);
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
          <>
            <TemplatePicker
              value={templateId}
              onChange={pickTemplate}
              language={language}
              onLanguageChange={setLanguage}
            />
            {asksSite ? (
              <SiteOriginPrompt
                site={site}
                onOrigin={(origin) => setInitial(withSiteOrigin(latest.current ?? initial, origin))}
              />
            ) : null}
          </>
        }
        footerExtra={
          <>
            <p className="form-footer__note" role="note" data-testid="create-goes-live">
              {startsOn ? t('endpoints.createOn') : t('endpoints.createOff')}
            </p>
            <Link to="/endpoints" className="btn btn--ghost">
              {t('common.cancel')}
            </Link>
          </>
        }
        onSubmit={async (input) => {
          const cors = site.corsFor(input.cors);
          if (cors === null) return;
          const endpoint = await create.mutateAsync({
            ...input,
            cors,
            code: templateCode(templateId, language),
            language,
          });
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
