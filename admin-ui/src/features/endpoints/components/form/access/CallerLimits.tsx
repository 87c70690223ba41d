import type { RateLimitSettings } from '@contract';
import { useTranslation } from 'react-i18next';
import { CheckField, Field } from '../../../../../components/Field';
import type { SectionProps } from '../section-props';

/** Where calls may come from and how many: both apply whatever the access type. */
export function CallerLimits({ values, errors, set, readOnly }: SectionProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('access.ipAllowlist')} error={errors.ipAllowlist} hint={t('access.ipAllowlistHint')}>
        {(control) => (
          <textarea
            {...control}
            name="ipAllowlist"
            className="textarea textarea--code"
            rows={3}
            spellCheck={false}
            placeholder={'203.0.113.7\n198.51.100.0/24\n2001:db8::/32'}
            value={values.ipAllowlist}
            readOnly={readOnly}
            onChange={(e) => set({ ipAllowlist: e.target.value })}
          />
        )}
      </Field>
      <CheckField
        label={t('access.rateLimit')}
        hint={t('access.rateLimitHint')}
        checked={values.rateLimitOn}
        disabled={readOnly}
        onChange={(rateLimitOn) => set({ rateLimitOn })}
      />
      {values.rateLimitOn ? (
        <div className="form-subsection">
          <div className="form-grid">
            <Field label={t('access.rateRequests')} error={errors.rateRequests}>
              {(control) => (
                <input
                  {...control}
                  name="rateRequests"
                  className="input"
                  inputMode="numeric"
                  value={values.rateRequests}
                  readOnly={readOnly}
                  onChange={(e) => set({ rateRequests: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('access.rateWindowSeconds')} error={errors.rateWindowSeconds}>
              {(control) => (
                <div className="input-group">
                  <input
                    {...control}
                    name="rateWindowSeconds"
                    className="input"
                    inputMode="numeric"
                    value={values.rateWindowSeconds}
                    readOnly={readOnly}
                    onChange={(e) => set({ rateWindowSeconds: e.target.value })}
                  />
                  <span className="input-group__suffix">{t('units.s')}</span>
                </div>
              )}
            </Field>
            <Field label={t('access.rateBy')} error={errors.rateBy} hint={t(`access.rateByHints.${values.rateBy}`)}>
              {(control) => (
                <select
                  {...control}
                  name="rateBy"
                  className="select"
                  value={values.rateBy}
                  disabled={readOnly}
                  onChange={(e) => set({ rateBy: e.target.value as RateLimitSettings['by'] })}
                >
                  <option value="ip">{t('access.rateByOptions.ip')}</option>
                  <option value="principal">{t('access.rateByOptions.principal')}</option>
                </select>
              )}
            </Field>
            <Field
              label={t('access.rateWindow')}
              error={errors.rateWindow}
              hint={t(`access.rateWindowHints.${values.rateWindow}`)}
            >
              {(control) => (
                <select
                  {...control}
                  name="rateWindow"
                  className="select"
                  value={values.rateWindow}
                  disabled={readOnly}
                  onChange={(e) => set({ rateWindow: e.target.value as RateLimitSettings['window'] })}
                >
                  <option value="sliding">{t('access.rateWindowOptions.sliding')}</option>
                  <option value="fixed">{t('access.rateWindowOptions.fixed')}</option>
                </select>
              )}
            </Field>
          </div>
        </div>
      ) : null}
    </>
  );
}
