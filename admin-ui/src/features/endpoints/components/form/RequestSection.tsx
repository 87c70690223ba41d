import { HTTP_METHODS, type HttpMethod } from '@contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckField, Field } from '../../../../components/Field';
import type { SectionProps } from './section-props';
import { SettingTip } from './SettingTip';

interface RequestSectionProps extends SectionProps {
  /** Admins may turn the CSP sandbox off; others may leave it as saved or turn it on. */
  canSetAdminOnly: boolean;
  savedCspSandbox: boolean;
}

export function RequestSection({
  values,
  errors,
  set,
  readOnly,
  canSetAdminOnly,
  savedCspSandbox,
}: RequestSectionProps) {
  const { t } = useTranslation();
  const sandboxLocked = !canSetAdminOnly && savedCspSandbox;
  const sandboxHint = canSetAdminOnly
    ? t('endpointForm.cspSandboxHint')
    : savedCspSandbox
      ? `${t('endpointForm.cspSandboxHint')} ${t('endpointForm.cspSandboxAdminOnly')}`
      : t('endpointForm.cspSandboxOffByAdmin');
  const methodsId = useId();
  const toggle = (method: HttpMethod, on: boolean) =>
    set({ methods: on ? [...values.methods, method] : values.methods.filter((item) => item !== method) });
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.requests')}</legend>
      <div
        className={`field${errors.methods ? ' field--invalid' : ''}`}
        role="group"
        aria-labelledby={`${methodsId}-label`}
        aria-describedby={errors.methods ? `${methodsId}-error` : `${methodsId}-hint`}
      >
        <div className="field__label-row">
          <span id={`${methodsId}-label`} className="field__label">
            {t('endpointForm.methods')}
          </span>
          <SettingTip setting="methods" />
        </div>
        <div className="method-picker">
          {HTTP_METHODS.map((method) => (
            <label key={method} className="method-picker__option">
              <input
                type="checkbox"
                name="methods"
                checked={values.methods.includes(method)}
                disabled={readOnly}
                onChange={(e) => toggle(method, e.target.checked)}
              />
              <span className={`method method--${method.toLowerCase()}`}>{method}</span>
            </label>
          ))}
        </div>
        {errors.methods ? (
          <p id={`${methodsId}-error`} className="field__error">
            {errors.methods}
          </p>
        ) : null}
        <p id={`${methodsId}-hint`} className="field__hint">
          {t('endpointForm.methodsHint')}
        </p>
      </div>
      <CheckField
        label={t('endpointForm.alwaysAsync')}
        tip={<SettingTip setting="async" />}
        hint={t('endpointForm.alwaysAsyncHint')}
        checked={values.alwaysAsync}
        disabled={readOnly}
        onChange={(alwaysAsync) => set({ alwaysAsync })}
      />
      <div className="form-grid">
        <Field
          label={t('endpointForm.timeout')}
          tip={<SettingTip setting="timeout" />}
          error={errors.timeoutSeconds}
          hint={t('endpointForm.timeoutHint')}
        >
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                name="timeoutSeconds"
                className="input"
                inputMode="decimal"
                placeholder={t('endpointForm.serverDefault')}
                value={values.timeoutSeconds}
                readOnly={readOnly}
                onChange={(e) => set({ timeoutSeconds: e.target.value })}
              />
              <span className="input-group__suffix">{t('units.s')}</span>
            </div>
          )}
        </Field>
        <Field
          label={t('endpointForm.bodyLimit')}
          tip={<SettingTip setting="bodyLimit" />}
          error={errors.bodyLimitKb}
          hint={t('endpointForm.bodyLimitHint')}
        >
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                name="bodyLimitKb"
                className="input"
                inputMode="decimal"
                placeholder={t('endpointForm.serverDefault')}
                value={values.bodyLimitKb}
                readOnly={readOnly}
                onChange={(e) => set({ bodyLimitKb: e.target.value })}
              />
              <span className="input-group__suffix">{t('units.kb')}</span>
            </div>
          )}
        </Field>
      </div>
      <CheckField
        label={t('endpointForm.cspSandbox')}
        tip={<SettingTip setting="cspSandbox" />}
        hint={sandboxHint}
        checked={values.cspSandbox}
        disabled={readOnly || sandboxLocked}
        onChange={(cspSandbox) => set({ cspSandbox })}
      />
      {errors.cspSandbox ? (
        <p className="field__error" role="alert">
          {errors.cspSandbox}
        </p>
      ) : null}
    </fieldset>
  );
}
