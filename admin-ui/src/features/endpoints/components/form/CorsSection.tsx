import { useTranslation } from 'react-i18next';
import { CheckField, Field } from '../../../../components/Field';
import type { SectionProps } from './section-props';
import { SettingTip } from './SettingTip';

export function CorsSection({ values, errors, set, readOnly }: SectionProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.cors')}</legend>
      <p className="form-section__intro">{t('endpointForm.corsIntro')}</p>
      <Field
        label={t('endpointForm.corsOrigins')}
        tip={<SettingTip setting="corsOrigins" />}
        error={errors.corsOrigins}
        hint={t('endpointForm.corsOriginsHint')}
      >
        {(control) => (
          <textarea
            {...control}
            name="corsOrigins"
            className="textarea textarea--code"
            rows={3}
            spellCheck={false}
            placeholder="https://www.example.com"
            value={values.corsOrigins}
            readOnly={readOnly}
            onChange={(e) => set({ corsOrigins: e.target.value })}
          />
        )}
      </Field>
      <CheckField
        label={t('endpointForm.corsCredentials')}
        tip={<SettingTip setting="corsCredentials" />}
        hint={t('endpointForm.corsCredentialsHint')}
        checked={values.corsCredentials}
        disabled={readOnly}
        onChange={(corsCredentials) => set({ corsCredentials })}
      />
      <CheckField
        label={t('endpointForm.corsEnforce')}
        tip={<SettingTip setting="corsEnforce" />}
        hint={t('endpointForm.corsEnforceHint')}
        checked={values.corsEnforce}
        disabled={readOnly}
        onChange={(corsEnforce) => set({ corsEnforce })}
      />
      <div className="form-grid">
        <Field
          label={t('endpointForm.corsHeaders')}
          error={errors.corsHeaders}
          hint={t('endpointForm.corsHeadersHint')}
        >
          {(control) => (
            <input
              {...control}
              name="corsHeaders"
              className="input input--mono"
              spellCheck={false}
              placeholder="x-api-key, x-request-id"
              value={values.corsHeaders}
              readOnly={readOnly}
              onChange={(e) => set({ corsHeaders: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('endpointForm.corsMaxAge')} error={errors.corsMaxAge} hint={t('endpointForm.corsMaxAgeHint')}>
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                name="corsMaxAge"
                className="input"
                inputMode="numeric"
                value={values.corsMaxAge}
                readOnly={readOnly}
                onChange={(e) => set({ corsMaxAge: e.target.value })}
              />
              <span className="input-group__suffix">{t('units.s')}</span>
            </div>
          )}
        </Field>
      </div>
    </fieldset>
  );
}
