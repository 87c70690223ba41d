import { useTranslation } from 'react-i18next';
import { PageHeader, useDocumentTitle } from '../components/PageHeader';
import { ChangePasswordForm } from '../features/account/components/ChangePasswordForm';
import { useUser } from '../lib/session';

/** Every role's own page: who is signed in, and their password. */
export function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('account.title'));
  const user = useUser();
  return (
    <div className="page account-page">
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <dl className="account-facts">
        <div>
          <dt>{t('account.signedInAs')}</dt>
          <dd>
            {user.name && user.name !== user.email ? `${user.name} · ` : ''}
            {user.email}
          </dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd>{t(`roles.${user.role}`)}</dd>
        </div>
      </dl>
      <ChangePasswordForm />
    </div>
  );
}
