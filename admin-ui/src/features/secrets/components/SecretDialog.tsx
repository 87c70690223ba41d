import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useToast } from '../../../components/Toasts';
import { usePutSecret } from '../api/hooks';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Sets a secret's value. Values are write-only: the admin never shows them again. */
export function SecretDialog({ existingName, onClose }: { existingName: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const put = usePutSecret();
  const [name, setName] = useState(existingName ?? '');
  const [value, setValue] = useState('');
  const [errors, setErrors] = useState<{ name?: string; value?: string }>({});
  const formId = 'secret-form';

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: typeof errors = {};
    if (!SECRET_NAME.test(name)) found.name = t('secrets.errors.name');
    if (!value) found.value = t('secrets.errors.value');
    setErrors(found);
    if (Object.keys(found).length) return;
    put.mutate(
      { name, value },
      {
        onSuccess: () => {
          toast('success', t('secrets.saved', { name }));
          onClose();
        },
        onError: (error) => isApiError(error) && Object.keys(error.fields).length && setErrors(error.fields),
      },
    );
  }

  return (
    <Dialog
      title={existingName ? t('secrets.replaceTitle', { name: existingName }) : t('secrets.addTitle')}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={put.isPending}>
            {put.isPending ? t('common.saving') : t('common.save')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <Field
          label={t('secrets.name')}
          required
          error={errors.name}
          hint={t('secrets.nameHint', { name: name || 'NAME' })}
        >
          {(control) => (
            <input
              {...control}
              className="input input--mono"
              value={name}
              readOnly={!!existingName}
              autoFocus={!existingName}
              spellCheck={false}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('secrets.value')} required error={errors.value} hint={t('secrets.valueHint')}>
          {(control) => (
            <textarea
              {...control}
              className="textarea textarea--code"
              rows={3}
              autoFocus={!!existingName}
              spellCheck={false}
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        {isApiError(put.error) && put.error.code === 'secrets_key_missing' ? (
          // A server set-up problem the admin can fix, not a generic failure.
          <p className="inline-error" role="alert">
            {t('secrets.keyMissing')}
          </p>
        ) : (
          <InlineError error={isApiError(put.error) && Object.keys(put.error.fields).length ? null : put.error} />
        )}
      </form>
    </Dialog>
  );
}
