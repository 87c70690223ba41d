import { HTTP_METHODS } from '@contract';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyValueEditor } from '../../../components/KeyValueEditor';
import { Tabs } from '../../../components/Tabs';
import { BODY_TYPES, type BodyType, type RequestDraft } from '../lib/request-model';

type Section = 'body' | 'query' | 'headers';

/** Method, subpath, query, headers and a JSON / form / text body for a test run. */
export function RequestBuilder({
  draft,
  onChange,
  jsonError,
  disabled,
}: {
  draft: RequestDraft;
  onChange: (draft: RequestDraft) => void;
  jsonError: string | null;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [section, setSection] = useState<Section>('body');
  const methodId = useId();
  const subpathId = useId();
  const jsonId = useId();
  const update = (patch: Partial<RequestDraft>) => onChange({ ...draft, ...patch });
  const countOf = (rows: { key: string }[]) => rows.filter((row) => row.key.trim()).length || null;

  return (
    <fieldset className="request-builder" disabled={disabled}>
      <legend className="visually-hidden">{t('testRun.request')}</legend>
      <div className="request-builder__line">
        <label htmlFor={methodId} className="visually-hidden">
          {t('testRun.method')}
        </label>
        <select
          id={methodId}
          className="select select--method"
          value={draft.method}
          onChange={(e) => update({ method: e.target.value })}
        >
          {HTTP_METHODS.map((method) => (
            <option key={method} value={method}>
              {method}
            </option>
          ))}
        </select>
        <label htmlFor={subpathId} className="visually-hidden">
          {t('testRun.subpath')}
        </label>
        <input
          id={subpathId}
          className="input input--mono"
          value={draft.subpath}
          placeholder={t('testRun.subpathPlaceholder')}
          spellCheck={false}
          onChange={(e) => update({ subpath: e.target.value })}
        />
      </div>
      <Tabs
        compact
        label={t('testRun.requestParts')}
        active={section}
        onChange={setSection}
        tabs={[
          { key: 'body', label: t('testRun.body') },
          { key: 'query', label: t('testRun.query'), badge: countOf(draft.query) },
          { key: 'headers', label: t('testRun.headers'), badge: countOf(draft.headers) },
        ]}
      >
        {section === 'query' ? (
          <KeyValueEditor rows={draft.query} onChange={(query) => update({ query })} label={t('testRun.query')} />
        ) : null}
        {section === 'headers' ? (
          <KeyValueEditor
            rows={draft.headers}
            onChange={(headers) => update({ headers })}
            label={t('testRun.headers')}
            keyPlaceholder="x-api-key"
          />
        ) : null}
        {section === 'body' ? (
          <div className="request-builder__body">
            <div className="segmented" role="radiogroup" aria-label={t('testRun.bodyType')}>
              {BODY_TYPES.map((type: BodyType) => (
                <label key={type} className="segmented__option">
                  <input
                    type="radio"
                    name="body-type"
                    value={type}
                    checked={draft.bodyType === type}
                    onChange={() => update({ bodyType: type })}
                  />
                  <span>{t(`testRun.bodyTypes.${type}`)}</span>
                </label>
              ))}
            </div>
            {draft.method === 'GET' || draft.method === 'HEAD' ? (
              <p className="field__hint">{t('testRun.noBodyForGet')}</p>
            ) : null}
            {draft.bodyType === 'json' ? (
              <div className={`field${jsonError ? ' field--invalid' : ''}`}>
                <label htmlFor={jsonId} className="visually-hidden">
                  {t('testRun.jsonBody')}
                </label>
                <textarea
                  id={jsonId}
                  className="textarea textarea--code"
                  rows={8}
                  spellCheck={false}
                  value={draft.jsonBody}
                  aria-invalid={!!jsonError}
                  aria-describedby={jsonError ? `${jsonId}-error` : undefined}
                  onChange={(e) => update({ jsonBody: e.target.value })}
                />
                {jsonError ? (
                  <p id={`${jsonId}-error`} className="field__error">
                    {t('testRun.invalidJson', { detail: jsonError })}
                  </p>
                ) : null}
              </div>
            ) : null}
            {draft.bodyType === 'form' ? (
              <KeyValueEditor
                rows={draft.formBody}
                onChange={(formBody) => update({ formBody })}
                label={t('testRun.formFields')}
              />
            ) : null}
            {draft.bodyType === 'text' ? (
              <textarea
                className="textarea textarea--code"
                rows={8}
                aria-label={t('testRun.textBody')}
                value={draft.textBody}
                onChange={(e) => update({ textBody: e.target.value })}
              />
            ) : null}
          </div>
        ) : null}
      </Tabs>
    </fieldset>
  );
}
