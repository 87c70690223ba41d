import type { ApiKeyInfo } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../../components/Dialog';
import { Field } from '../../../components/Field';
import { InlineError } from '../../../components/states';
import { useRotateApiKey } from '../api/hooks';
import {
  MAX_OVERLAP_SECONDS,
  OVERLAP_CHOICES,
  OVERLAP_UNITS,
  overlapSecondsFor,
  type EndpointOption,
  type OverlapChoice,
  type OverlapUnit,
} from '../lib/key-status';
import { NewKeyDialog } from './NewKeyDialog';

/**
 * A new key with the same name and scope. The old one keeps working for the chosen overlap, so
 * the caller can switch without a failed call; then it stops.
 */
export function RotateApiKeyDialog({
  apiKey,
  endpoints,
  onClose,
}: {
  apiKey: ApiKeyInfo;
  endpoints: readonly EndpointOption[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rotate = useRotateApiKey();
  const [choice, setChoice] = useState<OverlapChoice>('1h');
  const [amount, setAmount] = useState('2');
  const [unit, setUnit] = useState<OverlapUnit>('hours');
  const [error, setError] = useState<string | undefined>();
  const [oldKeyStopsAt, setOldKeyStopsAt] = useState<string | null>(null);
  const formId = 'rotate-api-key-form';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (rotate.isPending) return;
    const overlapSeconds = overlapSecondsFor(choice, amount, unit);
    if (overlapSeconds === undefined) {
      setError(t('apiKeys.errors.overlap', { days: MAX_OVERLAP_SECONDS / 86_400 }));
      return;
    }
    setError(undefined);
    rotate.mutate(
      { keyId: apiKey.id, overlapSeconds },
      {
        onSuccess: () =>
          setOldKeyStopsAt(overlapSeconds > 0 ? new Date(Date.now() + overlapSeconds * 1000).toISOString() : null),
      },
    );
  }

  if (rotate.data) {
    return <NewKeyDialog created={rotate.data} endpoints={endpoints} oldKeyStopsAt={oldKeyStopsAt} onClose={onClose} />;
  }
  return (
    <Dialog
      title={t('apiKeys.rotateTitle', { name: apiKey.name })}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" form={formId} className="btn btn--primary" disabled={rotate.isPending}>
            {rotate.isPending ? t('common.working') : t('apiKeys.rotate')}
          </button>
        </>
      }
    >
      <form id={formId} className="dialog-form" onSubmit={submit} noValidate>
        <p className="form-section__intro">{t('apiKeys.rotateMessage')}</p>
        <Field label={t('apiKeys.overlap')} error={error} hint={t('apiKeys.overlapHint')}>
          {(control) => (
            <select
              {...control}
              name="overlap"
              className="select"
              value={choice}
              onChange={(e) => setChoice(e.target.value as OverlapChoice)}
            >
              {OVERLAP_CHOICES.map((option) => (
                <option key={option} value={option}>
                  {t(`apiKeys.overlaps.${option}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {choice === 'custom' ? (
          <div className="form-grid">
            <Field label={t('apiKeys.overlapAmount')}>
              {(control) => (
                <input
                  {...control}
                  name="overlapAmount"
                  className="input"
                  inputMode="numeric"
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('apiKeys.overlapUnit')}>
              {(control) => (
                <select
                  {...control}
                  name="overlapUnit"
                  className="select"
                  value={unit}
                  onChange={(e) => setUnit(e.target.value as OverlapUnit)}
                >
                  {(Object.keys(OVERLAP_UNITS) as OverlapUnit[]).map((option) => (
                    <option key={option} value={option}>
                      {t(`apiKeys.units.${option}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        ) : null}
        <InlineError error={rotate.error} />
      </form>
    </Dialog>
  );
}
