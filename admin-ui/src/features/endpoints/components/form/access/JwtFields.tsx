import type { JwtAlgorithm } from '@contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../../../components/Field';
import { algorithmsFor, generateSecret, switchJwtKeySource, type JwtKeySource } from '../../../lib/access-model';
import type { SectionProps } from '../section-props';
import { SecretInput } from './SecretInput';

const KEY_SOURCES: readonly JwtKeySource[] = ['secret', 'publicKey', 'jwksUrl'];

/**
 * JWT: the key comes first, because it decides the algorithms — a shared secret verifies HS*
 * only, a public key or JWKS the others — so one endpoint never mixes the two (the classic
 * algorithm-confusion hole).
 */
export function JwtFields({ values, errors, set, readOnly }: SectionProps) {
  const { t } = useTranslation();
  const ids = { source: useId(), algorithms: useId() };
  const toggle = (algorithm: JwtAlgorithm, on: boolean) =>
    set({
      jwtAlgorithms: on
        ? [...values.jwtAlgorithms, algorithm]
        : values.jwtAlgorithms.filter((item) => item !== algorithm),
    });
  return (
    <>
      <div className="field">
        <span id={ids.source} className="field__label">
          {t('access.jwt.keySource')}
        </span>
        <div className="segmented" role="radiogroup" aria-labelledby={ids.source}>
          {KEY_SOURCES.map((source) => (
            <label key={source} className="segmented__option">
              <input
                type="radio"
                name="jwtKeySource"
                value={source}
                checked={values.jwtKeySource === source}
                disabled={readOnly}
                onChange={() => set(switchJwtKeySource(values, source))}
              />
              <span>{t(`access.jwt.sources.${source}`)}</span>
            </label>
          ))}
        </div>
      </div>
      <div
        className={`field${errors.jwtAlgorithms ? ' field--invalid' : ''}`}
        role="group"
        aria-labelledby={`${ids.algorithms}-label`}
      >
        <span id={`${ids.algorithms}-label`} className="field__label">
          {t('access.jwt.algorithms')}
        </span>
        <div className="method-picker">
          {algorithmsFor(values.jwtKeySource).map((algorithm) => (
            <label key={algorithm} className="method-picker__option">
              <input
                type="checkbox"
                name="jwtAlgorithms"
                checked={values.jwtAlgorithms.includes(algorithm)}
                disabled={readOnly}
                onChange={(e) => toggle(algorithm, e.target.checked)}
              />
              <code>{algorithm}</code>
            </label>
          ))}
        </div>
        {errors.jwtAlgorithms ? <p className="field__error">{errors.jwtAlgorithms}</p> : null}
        <p className="field__hint">{t('access.jwt.algorithmsHint')}</p>
      </div>
      {values.jwtKeySource === 'secret' ? (
        <Field label={t('access.jwt.secret')} required error={errors.jwtSecret} hint={t('access.jwt.secretHint')}>
          {(control) => (
            <SecretInput
              control={control}
              name="jwtSecret"
              value={values.jwtSecret}
              isSet={values.jwtSecretSet}
              readOnly={readOnly}
              onChange={(jwtSecret) => set({ jwtSecret })}
              generate={generateSecret}
            />
          )}
        </Field>
      ) : null}
      {values.jwtKeySource === 'publicKey' ? (
        <Field
          label={t('access.jwt.publicKey')}
          required
          error={errors.jwtPublicKey}
          hint={t('access.jwt.publicKeyHint')}
        >
          {(control) => (
            <textarea
              {...control}
              name="jwtPublicKey"
              className="textarea textarea--code"
              rows={6}
              spellCheck={false}
              placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
              value={values.jwtPublicKey}
              readOnly={readOnly}
              onChange={(e) => set({ jwtPublicKey: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      {values.jwtKeySource === 'jwksUrl' ? (
        <Field label={t('access.jwt.jwksUrl')} required error={errors.jwtJwksUrl} hint={t('access.jwt.jwksUrlHint')}>
          {(control) => (
            <input
              {...control}
              name="jwtJwksUrl"
              className="input input--mono"
              spellCheck={false}
              placeholder="https://login.example.com/.well-known/jwks.json"
              value={values.jwtJwksUrl}
              readOnly={readOnly}
              onChange={(e) => set({ jwtJwksUrl: e.target.value })}
            />
          )}
        </Field>
      ) : null}
      <div className="form-grid">
        <Field label={t('access.jwt.issuer')} error={errors.jwtIssuer} hint={t('access.jwt.issuerHint')}>
          {(control) => (
            <input
              {...control}
              name="jwtIssuer"
              className="input input--mono"
              spellCheck={false}
              value={values.jwtIssuer}
              readOnly={readOnly}
              onChange={(e) => set({ jwtIssuer: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('access.jwt.audience')} error={errors.jwtAudience} hint={t('access.jwt.audienceHint')}>
          {(control) => (
            <input
              {...control}
              name="jwtAudience"
              className="input input--mono"
              spellCheck={false}
              value={values.jwtAudience}
              readOnly={readOnly}
              onChange={(e) => set({ jwtAudience: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('access.jwt.clockSkew')} error={errors.jwtClockSkew} hint={t('access.jwt.clockSkewHint')}>
          {(control) => (
            <div className="input-group">
              <input
                {...control}
                name="jwtClockSkew"
                className="input"
                inputMode="numeric"
                value={values.jwtClockSkew}
                readOnly={readOnly}
                onChange={(e) => set({ jwtClockSkew: e.target.value })}
              />
              <span className="input-group__suffix">{t('units.s')}</span>
            </div>
          )}
        </Field>
      </div>
    </>
  );
}
