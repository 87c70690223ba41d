import { HMAC_PRESETS, type HmacPreset } from '@contract';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../../../components/Field';
import { generateSecret } from '../../../lib/access-model';
import type { SectionProps } from '../section-props';
import { SecretInput } from './SecretInput';

/** HMAC: which sender's signing scheme, its timestamp window, and the shared secret. */
export function HmacFields({ values, errors, set, readOnly }: SectionProps) {
  const { t } = useTranslation();
  const timestamped = values.hmacPreset !== 'github';
  return (
    <>
      <div className="form-grid">
        <Field
          label={t('access.hmac.preset')}
          error={errors.hmacPreset}
          hint={t(`access.hmac.presetHints.${values.hmacPreset}`)}
        >
          {(control) => (
            <select
              {...control}
              name="hmacPreset"
              className="select"
              value={values.hmacPreset}
              disabled={readOnly}
              onChange={(e) => set({ hmacPreset: e.target.value as HmacPreset })}
            >
              {HMAC_PRESETS.map((preset) => (
                <option key={preset} value={preset}>
                  {t(`access.hmac.presets.${preset}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {timestamped ? (
          <Field label={t('access.hmac.tolerance')} error={errors.hmacTolerance} hint={t('access.hmac.toleranceHint')}>
            {(control) => (
              <div className="input-group">
                <input
                  {...control}
                  name="hmacTolerance"
                  className="input"
                  inputMode="numeric"
                  value={values.hmacTolerance}
                  readOnly={readOnly}
                  onChange={(e) => set({ hmacTolerance: e.target.value })}
                />
                <span className="input-group__suffix">{t('units.s')}</span>
              </div>
            )}
          </Field>
        ) : null}
      </div>
      <Field label={t('access.hmac.secret')} required error={errors.hmacSecret} hint={t('access.hmac.secretHint')}>
        {(control) => (
          <SecretInput
            control={control}
            name="hmacSecret"
            value={values.hmacSecret}
            isSet={values.hmacSecretSet}
            readOnly={readOnly}
            onChange={(hmacSecret) => set({ hmacSecret })}
            generate={generateSecret}
          />
        )}
      </Field>
    </>
  );
}
