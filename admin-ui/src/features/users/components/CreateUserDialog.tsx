import type { Role } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { PasswordInput } from '../../../components/PasswordInput';
import { InlineError } from '../../../components/states';
import { useToast } from '../../../components/Toasts';
import { useCreateUser } from '../api/hooks';
import { RoleSelect } from './RoleSelect';

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formId = 'create-user-form';

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) found.email = t('users.errors.email');
    if (password.length < 8) found.password = t('users.errors.password');
    setErrors(found);
    if (Object.keys(found).length) return;
    create.mutate(
      { email: email.trim(), name: name.trim(), role, password },
      {
        onSuccess: (user) => {
          toast('success', t('users.created', { email: user.email }));
          onClose();
        },
        onError: (error) => {
          if (isApiError(error) && Object.keys(error.fields).length) setErrors(error.fields);
        },
      },
    );
  }

  const serverError = isApiError(create.error) && Object.keys(create.error.fields).length ? null : create.error;
  return (
    <Dialog
      title={t('users.createTitle')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={create.isPending}>
            {create.isPending ? t('common.saving') : t('users.create')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <Field label={t('auth.email')} required error={errors.email}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoFocus
            />
          )}
        </Field>
        <Field label={t('users.name')} error={errors.name}>
          {(control) => <input {...control} className="input" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Field label={t('users.role')} error={errors.role} hint={t(`users.roleHints.${role}`)}>
          {(control) => <RoleSelect control={control} value={role} onChange={setRole} />}
        </Field>
        <Field label={t('auth.password')} required error={errors.password} hint={t('users.passwordHint')}>
          {(control) => <PasswordInput control={control} value={password} onChange={setPassword} />}
        </Field>
        <InlineError error={serverError} />
      </form>
    </Dialog>
  );
}
