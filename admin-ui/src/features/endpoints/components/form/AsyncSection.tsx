import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckField, Field } from '../../../../components/Field';
import { KeyValueEditor } from '../../../../components/KeyValueEditor';
import type { SectionProps } from './section-props';
import { SettingTip } from './SettingTip';

/** `callbackSecret`: the endpoint's signing secret, shown under the callback URL once the endpoint exists. */
export function AsyncSection({
  values,
  errors,
  set,
  readOnly,
  callbackSecret,
}: SectionProps & { callbackSecret?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.async')}</legend>
      <p className="form-section__intro">{t('endpointForm.asyncIntro')}</p>
      <CheckField
        label={t('endpointForm.asyncCustom')}
        hint={t('endpointForm.asyncCustomHint')}
        checked={values.asyncCustom}
        disabled={readOnly}
        onChange={(asyncCustom) => set({ asyncCustom })}
      />
      {values.asyncCustom ? (
        <div className="form-subsection">
          <Field label={t('endpointForm.asyncStatus')} error={errors.asyncStatus} className="field--narrow">
            {(control) => (
              <input
                {...control}
                name="asyncStatus"
                className="input"
                inputMode="numeric"
                value={values.asyncStatus}
                readOnly={readOnly}
                onChange={(e) => set({ asyncStatus: e.target.value })}
              />
            )}
          </Field>
          <div className={`field${errors.asyncHeaders ? ' field--invalid' : ''}`}>
            <span className="field__label">{t('endpointForm.asyncHeaders')}</span>
            <KeyValueEditor
              rows={values.asyncHeaders}
              onChange={(asyncHeaders) => set({ asyncHeaders })}
              label={t('endpointForm.asyncHeaders')}
            />
            {errors.asyncHeaders ? <p className="field__error">{errors.asyncHeaders}</p> : null}
          </div>
          <Field label={t('endpointForm.asyncBody')} error={errors.asyncBody} hint={t('endpointForm.asyncBodyHint')}>
            {(control) => (
              <textarea
                {...control}
                name="asyncBody"
                className="textarea textarea--code"
                rows={4}
                spellCheck={false}
                placeholder='{ "accepted": true }'
                value={values.asyncBody}
                readOnly={readOnly}
                onChange={(e) => set({ asyncBody: e.target.value })}
              />
            )}
          </Field>
        </div>
      ) : null}
      <Field
        label={t('endpointForm.callbackUrl')}
        tip={<SettingTip setting="callbackUrl" />}
        error={errors.callbackUrl}
        hint={t('endpointForm.callbackUrlHint')}
      >
        {(control) => (
          <input
            {...control}
            name="callbackUrl"
            className="input input--mono"
            type="url"
            spellCheck={false}
            placeholder="https://example.com/hooks/scriptgate"
            value={values.callbackUrl}
            readOnly={readOnly}
            onChange={(e) => set({ callbackUrl: e.target.value })}
          />
        )}
      </Field>
      {callbackSecret}
    </fieldset>
  );
}
