import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { EndpointOption } from '../lib/key-status';

/**
 * The endpoints a key may call. Endpoints that check API keys come first; the others are listed
 * too (a key can be made before the endpoint is switched to API keys) and say what they check.
 */
export function EndpointScopePicker({
  endpoints,
  selected,
  onChange,
  error,
}: {
  endpoints: readonly EndpointOption[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const id = useId();
  const sorted = [...endpoints].sort(
    (a, b) => Number(b.accessType === 'apiKey') - Number(a.accessType === 'apiKey') || a.slug.localeCompare(b.slug),
  );
  const toggle = (endpointId: string, on: boolean) =>
    onChange(on ? [...selected, endpointId] : selected.filter((item) => item !== endpointId));
  return (
    <div
      className={`field${error ? ' field--invalid' : ''}`}
      role="group"
      aria-labelledby={`${id}-label`}
      aria-describedby={error ? `${id}-error` : `${id}-hint`}
    >
      <span id={`${id}-label`} className="field__label">
        {t('apiKeys.endpoints')}
        <span className="field__required" aria-hidden="true">
          *
        </span>
      </span>
      {sorted.length === 0 ? (
        <p className="muted">{t('apiKeys.noEndpoints')}</p>
      ) : (
        <ul className="scope-list">
          {sorted.map((endpoint) => (
            <li key={endpoint.id}>
              <label className="scope-list__option">
                <input
                  type="checkbox"
                  name="endpointIds"
                  value={endpoint.id}
                  checked={selected.includes(endpoint.id)}
                  onChange={(event) => toggle(endpoint.id, event.target.checked)}
                />
                <code>{endpoint.slug}</code>
                {endpoint.name && endpoint.name !== endpoint.slug ? (
                  <span className="muted">{endpoint.name}</span>
                ) : null}
                {endpoint.accessType === 'apiKey' ? (
                  <span className="badge badge--good">{t('apiKeys.checksKeys')}</span>
                ) : (
                  <span className="badge">{t(`access.types.${endpoint.accessType}`)}</span>
                )}
              </label>
            </li>
          ))}
        </ul>
      )}
      {error ? (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      ) : null}
      <p id={`${id}-hint`} className="field__hint">
        {t('apiKeys.endpointsHint')}
      </p>
    </div>
  );
}
