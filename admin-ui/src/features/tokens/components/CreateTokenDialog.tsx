import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { CopyButton } from '../../../components/CopyButton';
import { CodeBlock } from '../../../components/data-display';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useSession } from '../../../lib/session';
import { useCreateToken } from '../api/hooks';

const EXPIRY_DAYS = [30, 90, 365, 0] as const;

/**
 * Names a token and picks how long it lives; it acts as its creator, with the creator's
 * current role. The token is shown once, with a curl example, and never again.
 */
export function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const { user } = useSession();
  const [expiresInDays, setExpiresInDays] = useState<number>(90);
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
      { name: name.trim(), ...(expiresInDays > 0 ? { expiresInDays } : {}) },
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
          {(control) => (
            <input {...control} className="input" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          )}
        </Field>
        <Field
          label={t('tokens.expires')}
          hint={user ? t('tokens.actsAs', { role: t(`roles.${user.role}`) }) : undefined}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={expiresInDays}
              onChange={(e) => setExpiresInDays(Number(e.target.value))}
            >
              {EXPIRY_DAYS.map((days) => (
                <option key={days} value={days}>
                  {days === 0 ? t('tokens.neverExpires') : t('tokens.inDays', { count: days })}
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
