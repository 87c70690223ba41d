import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { SectionProps } from './section-props';

interface SecretsSectionProps extends SectionProps {
  /** Every secret name (admins only: the list is theirs); null for roles that cannot grant. */
  available: readonly string[] | null;
  canGrant: boolean;
}

/**
 * Which secrets the scenario sees in `ctx.secrets`. Only admins grant them (the server refuses
 * anyone else); other roles see the grants read-only and why.
 */
export function SecretsSection({ values, errors, set, readOnly, available, canGrant }: SecretsSectionProps) {
  const { t } = useTranslation();
  const id = useId();
  const editable = canGrant && !readOnly;
  const names = [...new Set([...(available ?? []), ...values.secrets])].sort();
  const toggle = (name: string, on: boolean) =>
    set({ secrets: on ? [...values.secrets, name].sort() : values.secrets.filter((item) => item !== name) });

  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.secrets')}</legend>
      <p className="form-section__intro">{t('endpointForm.secretsIntro')}</p>
      <div
        className={`field${errors.secrets ? ' field--invalid' : ''}`}
        role="group"
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-hint`}
      >
        <span id={`${id}-label`} className="field__label">
          {t('endpointForm.secretsGranted')}
        </span>
        {editable ? (
          names.length === 0 ? (
            <p className="field__hint">
              {t('endpointForm.secretsNone')} <Link to="/secrets">{t('endpointForm.secretsManage')}</Link>
            </p>
          ) : (
            <div className="method-picker">
              {names.map((name) => (
                <label key={name} className="method-picker__option">
                  <input
                    type="checkbox"
                    name="secrets"
                    checked={values.secrets.includes(name)}
                    onChange={(event) => toggle(name, event.target.checked)}
                  />
                  <code>{name}</code>
                  {available && !available.includes(name) ? (
                    <span className="muted"> {t('endpointForm.secretMissing')}</span>
                  ) : null}
                </label>
              ))}
            </div>
          )
        ) : values.secrets.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <ul aria-label={t('endpointForm.secretsGranted')}>
            {values.secrets.map((name) => (
              <li key={name}>
                <code>ctx.secrets.{name}</code>
              </li>
            ))}
          </ul>
        )}
        {errors.secrets ? <p className="field__error">{errors.secrets}</p> : null}
        <p id={`${id}-hint`} className="field__hint">
          {canGrant ? t('endpointForm.secretsHint') : t('endpointForm.secretsAdminOnly')}
        </p>
      </div>
    </fieldset>
  );
}
