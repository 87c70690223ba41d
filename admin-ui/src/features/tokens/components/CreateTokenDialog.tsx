import type { Role } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { CopyButton } from '../../../components/CopyButton';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useCreateToken } from '../api/hooks';

const ROLES: readonly Role[] = ['admin', 'editor', 'viewer'];

/** Names a token and picks its role; the token is shown once, with a curl example, and never again. */
export function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [error, setError] = useState<string | undefined>();
  const formId = 'create-token-form';
  const token = create.data?.token;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('tokens.errors.name'));
      return;
    }
    setError(undefined);
    create.mutate(
      { name: name.trim(), role },
      { onError: (failure) => isApiError(failure) && failure.fields.name && setError(failure.fields.name) },
    );
  }

  if (token) {
    const example = `curl -H 'Authorization: Bearer ${token}' ${window.location.origin}/api/admin/endpoints`;
    return (
      <Dialog
        title={t('tokens.createdTitle')}
        onClose={onClose}
        footer={
          <button type="button" className="btn btn--primary" onClick={onClose}>
            {t('tokens.done')}
          </button>
        }
      >
        <p className="notice notice--warning">{t('tokens.showOnce')}</p>
        <div className="usage__url">
          <code className="url" data-testid="new-token">
            {token}
          </code>
          <CopyButton text={token} label={t('tokens.copy')} />
        </div>
        <p className="field__hint">{t('tokens.example')}</p>
        <CodeBlock text={example} />
      </Dialog>
    );
  }

  return (
    <Dialog
      title={t('tokens.createTitle')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={create.isPending}>
            {create.isPending ? t('common.working') : t('tokens.create')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <Field label={t('tokens.name')} required error={error} hint={t('tokens.nameHint')}>
          {(control) => <input {...control} className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus />}
        </Field>
        <Field label={t('users.role')} hint={t(`users.roleHints.${role}`)}>
          {(control) => (
            <select {...control} className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {t(`roles.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <InlineError error={isApiError(create.error) && create.error.fields.name ? null : create.error} />
      </form>
    </Dialog>
  );
}
