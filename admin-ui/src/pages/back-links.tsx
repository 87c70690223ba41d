import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

export function BackToEndpoints() {
  const { t } = useTranslation();
  return (
    <Link className="btn btn--ghost" to="/endpoints">
      {t('nav.backToEndpoints')}
    </Link>
  );
}

export function BackToProcesses() {
  const { t } = useTranslation();
  return (
    <Link className="btn btn--ghost" to="/processes">
      {t('nav.backToProcesses')}
    </Link>
  );
}
