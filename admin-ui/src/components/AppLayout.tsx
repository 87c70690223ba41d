import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { API_DOCS_URL } from '../lib/api-docs';
import { useSession } from '../lib/session';
import { AreaBoundary } from './AreaBoundary';
import {
  IconAudit,
  IconBook,
  IconEndpoints,
  IconExternal,
  IconKey,
  IconKeyTag,
  IconLock,
  IconLogo,
  IconProcesses,
  IconSignOut,
  IconUsers,
} from './icons';
import { LanguageSwitch } from './LanguageSwitch';

function NavItem({ to, icon, children }: { to: string; icon: ReactNode; children: ReactNode }) {
  return (
    <li>
      <NavLink to={to} className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}>
        {icon}
        <span>{children}</span>
      </NavLink>
    </li>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const { user, can, signOut } = useSession();
  const isAdmin = can('users.manage');
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <aside className="sidebar">
        <Link to="/endpoints" className="brand">
          <IconLogo className="brand__logo" />
          <span className="brand__name">Scriptgate</span>
        </Link>
        <nav aria-label={t('nav.label')} className="nav">
          <ul>
            <NavItem to="/endpoints" icon={<IconEndpoints />}>
              {t('nav.endpoints')}
            </NavItem>
            <NavItem to="/processes" icon={<IconProcesses />}>
              {t('nav.processes')}
            </NavItem>
            {can('apiKeys.manage') ? (
              <NavItem to="/api-keys" icon={<IconKeyTag />}>
                {t('nav.apiKeys')}
              </NavItem>
            ) : null}
            <li>
              {/* A page of the server (public, swagger-ui), not a route of the admin: a new tab. */}
              <a
                href={API_DOCS_URL}
                target="_blank"
                rel="noopener noreferrer"
                className="nav__link"
                title={t('nav.apiDocsTitle')}
                data-testid="nav-api-docs"
              >
                <IconBook />
                <span>{t('nav.apiDocs')}</span>
                <IconExternal className="nav__external" width={12} height={12} />
              </a>
            </li>
          </ul>
          {isAdmin ? (
            <>
              <p className="nav__heading">{t('nav.administration')}</p>
              <ul>
                <NavItem to="/users" icon={<IconUsers />}>
                  {t('nav.users')}
                </NavItem>
                <NavItem to="/tokens" icon={<IconKey />}>
                  {t('nav.tokens')}
                </NavItem>
                <NavItem to="/secrets" icon={<IconLock />}>
                  {t('nav.secrets')}
                </NavItem>
                <NavItem to="/audit" icon={<IconAudit />}>
                  {t('nav.audit')}
                </NavItem>
              </ul>
            </>
          ) : null}
        </nav>
        <div className="sidebar__footer">
          <LanguageSwitch />
          {user ? (
            <div className="user-card">
              <div className="user-card__text">
                <span className="user-card__name" title={user.email}>
                  {user.name || user.email}
                </span>
                <span className="user-card__role">{t(`roles.${user.role}`)}</span>
              </div>
              <button
                type="button"
                className="icon-btn"
                onClick={() => void signOut()}
                aria-label={t('auth.signOut')}
                title={t('auth.signOut')}
              >
                <IconSignOut />
              </button>
            </div>
          ) : null}
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <AreaBoundary>
          <Outlet />
        </AreaBoundary>
      </main>
    </div>
  );
}
