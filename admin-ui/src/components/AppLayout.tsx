import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { API_DOCS_URL } from '../lib/api-docs';
import { useSession } from '../lib/session';
import { AreaBoundary } from './AreaBoundary';
import {
  IconAudit,
  IconBook,
  IconClose,
  IconEndpoints,
  IconExternal,
  IconHelp,
  IconKey,
  IconKeyboard,
  IconKeyTag,
  IconLock,
  IconLogo,
  IconMenu,
  IconProcesses,
  IconSignOut,
  IconUsers,
} from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { helpLinkFor } from './shell/help-link';
import { ShortcutsDialog } from './shell/ShortcutsDialog';
import { ThemeSwitch } from './shell/ThemeSwitch';
import { useShortcutList } from './shell/use-shortcut-list';

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

/**
 * The sidebar on wide screens; below 960 px a top bar whose menu button opens the same
 * navigation (closed again by navigating, Esc or the button). Help is one click away on both.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, can, signOut } = useSession();
  const { pathname } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const shortcuts = useShortcutList();
  const isAdmin = can('users.manage');
  const helpHref = helpLinkFor(pathname);

  useEffect(() => setMenuOpen(false), [pathname]);

  useEffect(() => {
    if (!menuOpen) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    // A press on the page beside the open menu closes it, as a native menu does.
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !sidebar.current?.contains(event.target)) setMenuOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('pointerdown', onPointerDown);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('pointerdown', onPointerDown);
    };
  }, [menuOpen]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('nav.skipToContent')}
      </a>
      <aside ref={sidebar} className={`sidebar${menuOpen ? ' sidebar--open' : ''}`}>
        <div className="sidebar__bar">
          <Link to="/endpoints" className="brand">
            <IconLogo className="brand__logo" />
            <span className="brand__name">Scriptgate</span>
          </Link>
          <Link
            to={helpHref}
            className="icon-btn sidebar__quick-help"
            aria-label={t('shell.help')}
            title={t('shell.help')}
          >
            <IconHelp />
          </Link>
          <button
            ref={menuButton}
            type="button"
            className="sidebar__menu-button"
            aria-expanded={menuOpen}
            aria-controls="app-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            {menuOpen ? <IconClose /> : <IconMenu />}
            <span>{t('shell.menu')}</span>
          </button>
        </div>
        <div id="app-menu" className="sidebar__panel">
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
              <li>
                <NavLink
                  to={helpHref}
                  className={({ isActive }) => `nav__link${isActive ? ' nav__link--active' : ''}`}
                  title={t('shell.helpTitle')}
                  data-testid="nav-help"
                >
                  <IconHelp />
                  <span>{t('shell.help')}</span>
                </NavLink>
              </li>
              <NavItem to="/account" icon={<IconUsers />}>
                {t('account.nav')}
              </NavItem>
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
            <div className="sidebar__prefs">
              <LanguageSwitch />
              <button
                type="button"
                className="icon-btn"
                onClick={shortcuts.show}
                aria-label={t('shell.shortcuts.open')}
                title={t('shell.shortcuts.open')}
                aria-keyshortcuts="?"
              >
                <IconKeyboard />
              </button>
            </div>
            <ThemeSwitch />
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
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        <AreaBoundary>
          <Outlet />
        </AreaBoundary>
      </main>
      {shortcuts.open ? <ShortcutsDialog onClose={shortcuts.hide} /> : null}
    </div>
  );
}
