import type { Role } from '@contract';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { can, type Permission } from '../lib/permissions';
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
  const { can, user } = useSession();
  if (can(permission)) return <>{children}</>;
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{t('errors.forbidden.title')}</p>
      <p className="state__hint">
        {user
          ? t('apiErrors.roleNeeded', {
              required: t(`roles.${requiredRoleFor(permission)}`),
              role: t(`roles.${user.role}`),
            })
          : t('errors.forbidden.hint')}
      </p>
      <div className="state__action">
        <Link className="btn" to="/endpoints">
          {t('nav.backToEndpoints')}
        </Link>
      </div>
    </div>
  );
}

const ROLES_LEAST_FIRST: readonly Role[] = ['viewer', 'editor', 'admin'];

/** The least role that has `permission` (what to ask an admin for). */
export function requiredRoleFor(permission: Permission): Role {
  return ROLES_LEAST_FIRST.find((role) => can(role, permission)) ?? 'admin';
}

/** "Needs the editor role", in the user's language. */
export function useRoleNeededText(permission: Permission): string {
  const { t } = useTranslation();
  return t('safeActions.needsRole', { role: t(`roles.${requiredRoleFor(permission)}`) });
}

interface GatedButtonProps {
  permission: Permission;
  className?: string;
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}

/**
 * A button the user's role may not use stays in place, marked `aria-disabled` rather than
 * `disabled` so it can still be focused, and says which role it needs (on focus and hover, and
 * as its description for screen readers) instead of vanishing without a word.
 */
export function GatedButton({ permission, className = 'btn', onClick, disabled, children }: GatedButtonProps) {
  const { can: allowed } = useSession();
  const needed = useRoleNeededText(permission);
  const tipId = useId();
  const [shown, setShown] = useState(false);
  if (allowed(permission)) {
    return (
      <button type="button" className={className} onClick={onClick} disabled={disabled}>
        {children}
      </button>
    );
  }
  return (
    <span className="role-gate info-tip" onMouseEnter={() => setShown(true)} onMouseLeave={() => setShown(false)}>
      <button
        type="button"
        className={className}
        aria-disabled="true"
        aria-describedby={tipId}
        onFocus={() => setShown(true)}
        onBlur={() => setShown(false)}
        onKeyDown={(event) => event.key === 'Escape' && setShown(false)}
        onClick={() => setShown(true)}
      >
        {children}
      </button>
      <span id={tipId} role="tooltip" className="info-tip__bubble" hidden={!shown}>
        {needed}
      </span>
    </span>
  );
}
