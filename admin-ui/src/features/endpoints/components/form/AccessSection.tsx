import { ACCESS_TYPES } from '@contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { CopyButton } from '../../../../components/CopyButton';
import { CodeBlock } from '../../../../components/data-display';
import { Field } from '../../../../components/Field';
import { curlSnippet, publicUrl } from '../../../../lib/snippets';
import { snippetAuth } from '../../lib/access-model';
import { CallerLimits } from './access/CallerLimits';
import { HmacFields } from './access/HmacFields';
import { JwtFields } from './access/JwtFields';
import { SecretInput } from './access/SecretInput';
import type { SectionProps } from './section-props';

/**
 * Who may call the endpoint: the access type and its settings, then the IP allowlist and the
 * rate limit, which apply to any type. The server checks all of it before reading the body.
 */
export function AccessSection(props: SectionProps) {
  const { values, errors, set, readOnly } = props;
  const { t } = useTranslation();
  const typeId = useId();
  const curl = curlSnippet({
    url: publicUrl(window.location.origin, values.slug.trim() || 'slug'),
    methods: values.methods,
    auth: snippetAuth(values),
  });
  return (
    <fieldset className="form-section">
      <legend className="form-section__title">{t('endpointForm.access')}</legend>
      <p className="form-section__intro">{t('access.intro')}</p>
      <div className={`field${errors.accessType ? ' field--invalid' : ''}`}>
        <span id={typeId} className="field__label">
          {t('access.type')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={typeId}>
          {ACCESS_TYPES.map((type) => (
            <label key={type} className="segmented__option">
              <input
                type="radio"
                name="accessType"
                value={type}
                checked={values.accessType === type}
                disabled={readOnly}
                onChange={() => set({ accessType: type })}
              />
              <span>{t(`access.types.${type}`)}</span>
            </label>
          ))}
        </div>
        {errors.accessType ? <p className="field__error">{errors.accessType}</p> : null}
        <p className="field__hint">{t(`access.typeHints.${values.accessType}`)}</p>
      </div>

      {values.accessType === 'basic' ? (
        <div className="form-subsection">
          <div className="form-grid">
            <Field label={t('access.basic.username')} required error={errors.basicUsername}>
              {(control) => (
                <input
                  {...control}
                  name="basicUsername"
                  className="input input--mono"
                  autoComplete="off"
                  spellCheck={false}
                  value={values.basicUsername}
                  readOnly={readOnly}
                  onChange={(e) => set({ basicUsername: e.target.value })}
                />
              )}
            </Field>
            <Field
              label={t('access.basic.password')}
              required
              error={errors.basicPassword}
              hint={t('access.basic.passwordHint')}
            >
              {(control) => (
                <SecretInput
                  control={control}
                  name="basicPassword"
                  value={values.basicPassword}
                  isSet={values.basicPasswordSet}
                  readOnly={readOnly}
                  onChange={(basicPassword) => set({ basicPassword })}
                />
              )}
            </Field>
          </div>
        </div>
      ) : null}
      {values.accessType === 'apiKey' ? (
        <p className="notice notice--inline">
          {t('access.apiKey.note')} <Link to="/api-keys">{t('access.apiKey.manage')}</Link>
        </p>
      ) : null}
      {values.accessType === 'hmac' ? (
        <div className="form-subsection">
          <HmacFields {...props} />
        </div>
      ) : null}
      {values.accessType === 'jwt' ? (
        <div className="form-subsection">
          <JwtFields {...props} />
        </div>
      ) : null}

      <div className="access-snippet">
        <div className="access-snippet__bar">
          <CopyButton text={curl} label={t('access.copyCurl')} />
          <span className="field__hint">{t('access.snippetHint')}</span>
        </div>
        <details>
          <summary>{t('access.showSnippet')}</summary>
          <CodeBlock text={curl} />
        </details>
      </div>

      <CallerLimits {...props} />
    </fieldset>
  );
}
