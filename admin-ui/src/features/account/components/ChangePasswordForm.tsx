import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useToast } from '../../../components/Toasts';
import { useChangePassword } from '../api/use-change-password';

const MIN_LENGTH = 8;

interface Errors {
  currentPassword?: string;
  newPassword?: string;
  repeat?: string;
}

/** Current password, new password twice; the server checks again (and counts wrong guesses). */
export function ChangePasswordForm() {
  const { t } = useTranslation();
  const toast = useToast();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  function check(): Errors {
    const found: Errors = {};
    if (!currentPassword) found.currentPassword = t('account.errors.current');
    if (newPassword.length < MIN_LENGTH) found.newPassword = t('account.errors.short');
    else if (newPassword === currentPassword) found.newPassword = t('account.errors.same');
    if (repeat !== newPassword) found.repeat = t('account.errors.mismatch');
    return found;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('');
          setNewPassword('');
          setRepeat('');
          toast('success', t('account.changed'));
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.status === 401)
            setErrors({ currentPassword: t('account.errors.wrongCurrent') });
          else if (isApiError(failure) && Object.keys(failure.fields).length) setErrors(failure.fields);
        },
      },
    );
  }

  const fieldError =
    isApiError(change.error) && (change.error.status === 401 || Object.keys(change.error.fields).length);
  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <fieldset className="form-section">
        <legend className="form-section__title">{t('account.passwordTitle')}</legend>
        <p className="form-section__intro">{t('account.passwordIntro')}</p>
        <Field label={t('account.currentPassword')} error={errors.currentPassword} required>
          {(control) => (
            <input
              {...control}
              name="currentPassword"
              className="input"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('account.newPassword')} error={errors.newPassword} hint={t('account.passwordHint')} required>
          {(control) => (
            <input
              {...control}
              name="newPassword"
              className="input"
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('account.repeatPassword')} error={errors.repeat} required>
          {(control) => (
            <input
              {...control}
              name="repeatPassword"
              className="input"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(event) => setRepeat(event.target.value)}
            />
          )}
        </Field>
        <InlineError error={fieldError ? null : change.error} />
        <div className="account-form__actions">
          <button type="submit" className="btn btn--primary" disabled={change.isPending}>
            {change.isPending ? t('common.working') : t('account.change')}
          </button>
        </div>
      </fieldset>
    </form>
  );
}
