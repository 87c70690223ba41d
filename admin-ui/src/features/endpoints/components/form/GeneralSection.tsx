import { useTranslation } from 'react-i18next';
import { CheckField, Field } from '../../../../components/Field';
import type { SectionProps } from './section-props';
import { SettingTip } from './SettingTip';

export function GeneralSection({
  values,
  errors,
  set,
  readOnly,
  slugLocked,
  urlPrefix,
}: SectionProps & { slugLocked?: boolean; urlPrefix: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.general')}</legend>
      <div className="form-grid">
        <Field
          label={t('endpointForm.slug')}
          tip={<SettingTip setting="slug" />}
          required
          error={errors.slug}
          hint={t('endpointForm.slugHint', { url: `${urlPrefix}${values.slug || '…'}` })}
        >
          {(control) => (
            <input
              {...control}
              name="slug"
              className="input input--mono"
              value={values.slug}
              readOnly={readOnly || slugLocked}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              onChange={(e) => set({ slug: e.target.value.toLowerCase() })}
            />
          )}
        </Field>
        <Field label={t('endpointForm.name')} error={errors.name} hint={t('endpointForm.nameHint')}>
          {(control) => (
            <input
              {...control}
              name="name"
              className="input"
              value={values.name}
              readOnly={readOnly}
              maxLength={200}
              onChange={(e) => set({ name: e.target.value })}
            />
          )}
        </Field>
      </div>
      <Field label={t('endpointForm.description')} error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            name="description"
            className="textarea"
            rows={2}
            value={values.description}
            readOnly={readOnly}
            onChange={(e) => set({ description: e.target.value })}
          />
        )}
      </Field>
      <CheckField
        label={t('endpointForm.enabled')}
        tip={<SettingTip setting="enabled" />}
        hint={t('endpointForm.enabledHint')}
        checked={values.enabled}
        disabled={readOnly}
        onChange={(enabled) => set({ enabled })}
      />
    </fieldset>
  );
}
