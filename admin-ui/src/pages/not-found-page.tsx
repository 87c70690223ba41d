import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useDocumentTitle } from '../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('errors.notFound.title'));
  return (
    <div className="state state--error">
      <p className="state__title">{t('errors.pageNotFound.title')}</p>
      <p className="state__hint">{t('errors.pageNotFound.hint')}</p>
      <div className="state__action">
        <Link className="btn btn--primary" to="/endpoints">
          {t('nav.backToEndpoints')}
        </Link>
      </div>
    </div>
  );
}
