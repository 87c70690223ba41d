import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router-dom';
import { IconLogo } from '../components/icons';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useDocumentTitle } from '../components/PageHeader';
import { LoadingState } from '../components/states';
import { SignInForm } from '../features/auth/components/SignInForm';
import { safeNext } from '../lib/navigation';
import { useSession } from '../lib/session';

export function SignInPage() {
  const { t } = useTranslation();
  const { state } = useSession();
  const [params] = useSearchParams();
  useDocumentTitle(t('auth.signIn'));

  if (state.status === 'signedIn') return <Navigate to={safeNext(params.get('next'))} replace />;

  return (
    <div className="sign-in">
      <div className="sign-in__card">
        <div className="sign-in__brand">
          <IconLogo className="brand__logo" width={40} height={40} />
          <div>
            <h1>Scriptgate</h1>
            <p className="muted">{t('auth.tagline')}</p>
          </div>
        </div>
        {state.status === 'loading' ? (
          <LoadingState />
        ) : (
          <SignInForm
            notice={
              params.get('expired')
                ? t('auth.sessionExpired')
                : state.status === 'unreachable'
                  ? t('errors.offline.hint')
                  : undefined
            }
          />
        )}
        <div className="sign-in__footer">
          <LanguageSwitch />
        </div>
      </div>
    </div>
  );
}
