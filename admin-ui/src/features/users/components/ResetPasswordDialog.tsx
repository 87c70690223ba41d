import type { User } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { CopyButton } from '../../../components/CopyButton';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { PasswordInput } from '../../../components/PasswordInput';
import { InlineError } from '../../../components/states';
import { useToast } from '../../../components/Toasts';
import { useUpdateUser } from '../api/hooks';

/** Sets a new password; the user's sessions end (the server signs them out). */
export function ResetPasswordDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const formId = 'reset-password-form';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (password.length < 8) {
      setError(t('users.errors.password'));
      return;
    }
    setError(undefined);
    update.mutate(
      { userId: user.id, patch: { password } },
      {
        onSuccess: () => {
          toast('success', t('users.passwordReset', { email: user.email }));
          onClose();
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.fields.password) setError(failure.fields.password);
        },
      },
    );
  }

  return (
    <Dialog
      title={t('users.resetTitle', { email: user.email })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={update.isPending}>
            {update.isPending ? t('common.saving') : t('users.resetConfirm')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <p className="dialog__message">{t('users.resetMessage')}</p>
        <Field label={t('users.newPassword')} required error={error} hint={t('users.passwordHint')}>
          {(control) => <PasswordInput control={control} value={password} onChange={setPassword} />}
        </Field>
        {password ? <CopyButton text={password} label={t('users.copyPassword')} /> : null}
        <InlineError error={isApiError(update.error) && update.error.fields.password ? null : update.error} />
      </form>
    </Dialog>
  );
}
