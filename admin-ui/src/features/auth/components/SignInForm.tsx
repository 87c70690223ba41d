import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { errorKind } from '../../../lib/describe-error';
import { useSession } from '../../../lib/session';

export function SignInForm({ notice }: { notice?: string | undefined }) {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t('auth.fillBoth'));
      return;
    }
    setPending(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (failure) {
      if (isApiError(failure) && failure.status === 401) setError(t('auth.wrongCredentials'));
      else if (isApiError(failure) && failure.code === 'rate_limited') setError(t('auth.rateLimited'));
      else setError(t(`errors.${errorKind(failure)}.title`) + ' ' + t(`errors.${errorKind(failure)}.hint`));
      setPending(false);
    }
  }

  return (
    <form className="sign-in__form" onSubmit={(event) => void submit(event)} noValidate>
      {notice ? <p className="notice">{notice}</p> : null}
      <Field label={t('auth.email')}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            autoComplete="username"
            autoFocus
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        )}
      </Field>
      <Field label={t('auth.password')}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        )}
      </Field>
      {error ? (
        <p className="inline-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn--primary btn--block" disabled={pending}>
        {pending ? t('auth.signingIn') : t('auth.signIn')}
      </button>
    </form>
  );
}
