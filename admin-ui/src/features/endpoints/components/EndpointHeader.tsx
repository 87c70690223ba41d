import type { Endpoint } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router-dom';
import { CopyButton } from '../../../components/CopyButton';
import { IconExternal } from '../../../components/icons';
import { endpointDocsUrl } from '../../../lib/api-docs';
import { useSession } from '../../../lib/session';
import { publicUrl } from '../../../lib/snippets';
import { AccessBadge } from './AccessBadge';
import { MethodList } from './EndpointsTable';

/** Name, public URL and the Scenario / Settings / Versions tabs of one endpoint. */
export function EndpointHeader({ endpoint, actions }: { endpoint: Endpoint; actions?: ReactNode }) {
  const { t } = useTranslation();
  const canReadAudit = useSession().can('audit.read');
  const url = publicUrl(window.location.origin, endpoint.slug);
  const tab = ({ isActive }: { isActive: boolean }) => `subnav__link${isActive ? ' subnav__link--active' : ''}`;
  return (
    <header className="endpoint-header">
      <div className="endpoint-header__top">
        <div className="endpoint-header__text">
          <nav className="breadcrumb">
            <Link to="/endpoints">{t('nav.endpoints')}</Link>
          </nav>
          <h1>
            {endpoint.name || endpoint.slug}
            {endpoint.enabled ? null : <span className="badge badge--warn">{t('endpoints.disabled')}</span>}
            <span className="badge">{endpoint.alwaysAsync ? t('mode.async') : t('mode.sync')}</span>
            <AccessBadge endpoint={endpoint} />
          </h1>
          <div className="endpoint-header__url">
            <MethodList methods={endpoint.methods} />
            <code className="url" data-testid="endpoint-url">
              {url}
            </code>
            <CopyButton text={url} label={t('endpoints.copyUrl')} compact />
            <EndpointDocsLink endpoint={endpoint} />
          </div>
        </div>
        {actions ? <div className="page-header__actions">{actions}</div> : null}
      </div>
      <nav className="subnav" aria-label={t('endpoints.sections')}>
        <NavLink end to={`/endpoints/${endpoint.id}`} className={tab}>
          {t('endpoints.tabs.scenario')}
        </NavLink>
        <NavLink to={`/endpoints/${endpoint.id}/settings`} className={tab}>
          {t('endpoints.tabs.settings')}
        </NavLink>
        <NavLink to={`/endpoints/${endpoint.id}/versions`} className={tab}>
          {t('endpoints.tabs.versions')}
        </NavLink>
        <NavLink to={`/processes?endpoint=${encodeURIComponent(endpoint.id)}`} className={tab}>
          {t('endpoints.tabs.processes')}
        </NavLink>
        {canReadAudit ? (
          <NavLink to={`/audit?entity=${encodeURIComponent(`endpoint:${endpoint.id}`)}`} className={tab}>
            {t('endpoints.tabs.audit')}
          </NavLink>
        ) : null}
      </nav>
    </header>
  );
}

/** "API docs" at the endpoint's operation when it is listed there; else where to list it. */
function EndpointDocsLink({ endpoint }: { endpoint: Endpoint }) {
  const { t } = useTranslation();
  if (endpoint.documented && endpoint.enabled) {
    return (
      <a
        className="btn btn--small btn--ghost"
        href={endpointDocsUrl(endpoint.slug, endpoint.methods)}
        target="_blank"
        rel="noopener noreferrer"
        title={t('endpoints.apiDocsTitle')}
        data-testid="endpoint-api-docs"
      >
        {t('endpoints.apiDocs')} <IconExternal width={12} height={12} />
      </a>
    );
  }
  return (
    <Link
      className="muted endpoint-header__docs-hint"
      to={`/endpoints/${endpoint.id}/settings`}
      title={t('endpoints.notDocumented')}
    >
      {t('endpoints.notListed')}
    </Link>
  );
}
