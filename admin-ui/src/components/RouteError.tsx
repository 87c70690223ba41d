import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router-dom';

/** The router's error screen: a route that failed to load (often a stale bundle after an upgrade). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const stale =
    error instanceof Error && /dynamically imported module|Importing a module script failed|chunk/i.test(error.message);
  return (
    <div className="fullscreen-center">
      <div className="state state--error" role="alert">
        <p className="state__title">{stale ? t('errors.staleBundle.title') : t('errors.crash.title')}</p>
        <p className="state__hint">{stale ? t('errors.staleBundle.hint') : t('errors.crash.hint')}</p>
        <div className="state__action">
          <button type="button" className="btn btn--primary" onClick={() => window.location.reload()}>
            {t('errors.crash.reload')}
          </button>
          <Link className="btn btn--ghost" to="/endpoints">
            {t('nav.backToEndpoints')}
          </Link>
        </div>
      </div>
    </div>
  );
}
