import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useCreateApiKey } from '../api/hooks';
import { EXPIRY_CHOICES, expiresAtFor, type EndpointOption, type ExpiryChoice } from '../lib/key-status';
import { EndpointScopePicker } from './EndpointScopePicker';
import { NewKeyDialog } from './NewKeyDialog';

type Errors = Partial<Record<'name' | 'endpointIds' | 'expiresAt', string>>;

/** Name, scope and expiry of a new key; then the key, once. */
export function CreateApiKeyDialog({
  endpoints,
  onClose,
}: {
  endpoints: readonly EndpointOption[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const create = useCreateApiKey();
  const [name, setName] = useState('');
  const [endpointIds, setEndpointIds] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [customDate, setCustomDate] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const formId = 'create-api-key-form';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (create.isPending) return;
    const found: Errors = {};
    if (!name.trim()) found.name = t('apiKeys.errors.name');
    if (endpointIds.length === 0) found.endpointIds = t('apiKeys.errors.endpoints');
    const expiresAt = expiresAtFor(expiry, customDate);
    if (expiresAt === undefined) found.expiresAt = t('apiKeys.errors.expiry');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: name.trim(), endpointIds, expiresAt: expiresAt ?? null },
      {
        onError: (failure) => {
          if (!isApiError(failure)) return;
          const fields = Object.entries(failure.fields);
          const at = (prefix: string) => fields.find(([path]) => path.split('.')[0] === prefix)?.[1];
          setErrors({ name: at('name'), endpointIds: at('endpointIds'), expiresAt: at('expiresAt') });
        },
      },
    );
  }

  if (create.data) return <NewKeyDialog created={create.data} endpoints={endpoints} onClose={onClose} />;
  const fieldError = !!(errors.name || errors.endpointIds || errors.expiresAt);
  return (
    <Dialog
      title={t('apiKeys.createTitle')}
      onClose={onClose}
      size="large"
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={create.isPending}>
            {create.isPending ? t('common.working') : t('apiKeys.create')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <Field label={t('apiKeys.name')} required error={errors.name} hint={t('apiKeys.nameHint')}>
          {(control) => (
            <input
              {...control}
              name="name"
              className="input"
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoFocus
            />
          )}
        </Field>
        <EndpointScopePicker
          endpoints={endpoints}
          selected={endpointIds}
          onChange={setEndpointIds}
          error={errors.endpointIds}
        />
        <div className="form-grid">
          <Field label={t('apiKeys.expires')} error={errors.expiresAt}>
            {(control) => (
              <select
                {...control}
                name="expiry"
                className="select"
                value={expiry}
                onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}
              >
                {EXPIRY_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`apiKeys.expiry.${choice}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {expiry === 'custom' ? (
            <Field label={t('apiKeys.expiresOn')}>
              {(control) => (
                <input
                  {...control}
                  type="date"
                  name="expiresOn"
                  className="input"
                  value={customDate}
                  onChange={(e) => setCustomDate(e.target.value)}
                />
              )}
            </Field>
          ) : null}
        </div>
        <InlineError error={fieldError ? null : create.error} />
      </form>
    </Dialog>
  );
}
