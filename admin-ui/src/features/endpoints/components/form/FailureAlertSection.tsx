import { useTranslation } from 'react-i18next';
import { Field } from '../../../../components/Field';
import type { SectionProps } from './section-props';

/** Who hears of failed, timed-out and interrupted runs: a signed webhook, an email, or both. */
export function FailureAlertSection({ values, errors, set, readOnly }: SectionProps) {
  const { t } = useTranslation();
  const on = !!values.alertWebhookUrl.trim() || !!values.alertEmail.trim();
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">
        {t('endpointForm.failureAlert')}{' '}
        <span className={`badge${on ? ' badge--good' : ''}`} data-testid="failure-alert-state">
          {on ? t('endpointForm.alertOn') : t('endpointForm.alertOff')}
        </span>
      </legend>
      <p className="form-section__intro">{t('endpointForm.failureAlertIntro')}</p>
      <Field
        label={t('endpointForm.alertWebhookUrl')}
        error={errors.alertWebhookUrl}
        hint={t('endpointForm.alertWebhookUrlHint')}
      >
        {(control) => (
          <input
            {...control}
            name="alertWebhookUrl"
            className="input input--mono"
            type="url"
            spellCheck={false}
            placeholder="https://chat.example.com/hooks/…"
            value={values.alertWebhookUrl}
            readOnly={readOnly}
            onChange={(e) => set({ alertWebhookUrl: e.target.value })}
          />
        )}
      </Field>
      <div className="form-grid">
        <Field label={t('endpointForm.alertEmail')} error={errors.alertEmail} hint={t('endpointForm.alertEmailHint')}>
          {(control) => (
            <input
              {...control}
              name="alertEmail"
              className="input"
              type="email"
              spellCheck={false}
              placeholder="ops@example.com"
              value={values.alertEmail}
              readOnly={readOnly}
              onChange={(e) => set({ alertEmail: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('endpointForm.alertMaxPerHour')}
          error={errors.alertMaxPerHour}
          hint={t('endpointForm.alertMaxPerHourHint')}
        >
          {(control) => (
            <input
              {...control}
              name="alertMaxPerHour"
              className="input"
              inputMode="numeric"
              value={values.alertMaxPerHour}
              readOnly={readOnly}
              onChange={(e) => set({ alertMaxPerHour: e.target.value })}
            />
          )}
        </Field>
      </div>
    </fieldset>
  );
}
