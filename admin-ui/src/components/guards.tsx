import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import type { Permission } from '../lib/permissions';
import { useSession } from '../lib/session';
import { SocketProvider } from '../lib/socket';
import { AppLayout } from './AppLayout';
import { LoadingState } from './states';

/** Everything but the sign-in page: waits for the session, sends signed-out users to sign in. */
export function ProtectedApp() {
  const { t } = useTranslation();
  const { state, retry } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <div className="fullscreen-center">
        <LoadingState />
      </div>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <div className="fullscreen-center">
        <div className="state state--error" role="alert">
          <p className="state__title">{t('errors.offline.title')}</p>
          <p className="state__hint">{t('errors.offline.hint')}</p>
          <div className="state__action">
            <button type="button" className="btn btn--primary" onClick={retry}>
              {t('common.retry')}
            </button>
          </div>
        </div>
      </div>
    );
  }
  if (state.status === 'signedOut') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (state.expired) params.set('expired', '1');
    const query = params.toString();
    return <Navigate to={`/sign-in${query ? `?${query}` : ''}`} replace />;
  }
  return (
    <SocketProvider enabled>
      <AppLayout />
    </SocketProvider>
  );
}

/** Shows a "no access" screen instead of a page the role cannot use. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const { can } = useSession();
  if (can(permission)) return <>{children}</>;
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{t('errors.forbidden.title')}</p>
      <p className="state__hint">{t('errors.forbidden.hint')}</p>
      <div className="state__action">
        <Link className="btn" to="/endpoints">
          {t('nav.backToEndpoints')}
        </Link>
      </div>
    </div>
  );
}
