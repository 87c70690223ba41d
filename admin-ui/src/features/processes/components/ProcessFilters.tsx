import { PROCESS_STATUSES, type ProcessStatus } from '@contract';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TIME_RANGES } from '../../../lib/time-range';
import { EMPTY_PARAMS, hasFilters, toApiFilter, type ProcessListParams } from '../lib/filter-params';
import { ExportMenu } from './ExportMenu';

interface EndpointOption {
  id: string;
  label: string;
}

/**
 * A text field's own value, handed to `commit` after a short pause in typing rather than on every
 * key. Compared trimmed, as the URL keeps it: a trailing space is not a change to commit again and again.
 */
function useTypedText(committed: string, commit: (text: string) => void) {
  const [text, setText] = useState(committed);
  useEffect(() => setText(committed), [committed]);
  useEffect(() => {
    if (text.trim() === committed.trim()) return undefined;
    const timer = setTimeout(() => commit(text), 350);
    return () => clearTimeout(timer);
  }, [text, committed, commit]);
  return [text, setText] as const;
}

/**
 * Endpoint, status chips, mode, time range, free text and idempotency key; every change goes to the URL.
 * The export menu beside them downloads exactly what they select.
 */
export function ProcessFilters({
  params,
  onChange,
  endpoints,
}: {
  params: ProcessListParams;
  onChange: (params: ProcessListParams) => void;
  endpoints: EndpointOption[];
}) {
  const { t } = useTranslation();
  const ids = {
    endpoint: useId(),
    mode: useId(),
    range: useId(),
    q: useId(),
    key: useId(),
    from: useId(),
    to: useId(),
  };
  const set = (patch: Partial<ProcessListParams>) => onChange({ ...params, ...patch });
  const [text, setText] = useTypedText(
    params.q,
    useCallback((q: string) => onChange({ ...params, q }), [params, onChange]),
  );
  const [key, setKey] = useTypedText(
    params.idempotencyKey,
    useCallback((idempotencyKey: string) => onChange({ ...params, idempotencyKey }), [params, onChange]),
  );

  const toggleStatus = (status: ProcessStatus) =>
    set({
      statuses: params.statuses.includes(status)
        ? params.statuses.filter((s) => s !== status)
        : [...params.statuses, status],
    });

  return (
    <div className="filters" role="search" aria-label={t('processes.filters.label')}>
      <div className="filters__row">
        <div className="filters__field filters__field--grow">
          <label htmlFor={ids.q} className="filters__label">
            {t('processes.filters.search')}
          </label>
          <input
            id={ids.q}
            type="search"
            className="input"
            placeholder={t('processes.filters.searchPlaceholder')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="filters__field">
          <label htmlFor={ids.key} className="filters__label">
            {t('processes.filters.idempotencyKey')}
          </label>
          <input
            id={ids.key}
            type="search"
            className="input"
            placeholder={t('processes.filters.idempotencyKeyPlaceholder')}
            spellCheck={false}
            autoComplete="off"
            maxLength={255}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <div className="filters__field">
          <label htmlFor={ids.endpoint} className="filters__label">
            {t('processes.filters.endpoint')}
          </label>
          <select
            id={ids.endpoint}
            className="select"
            value={params.endpointId}
            onChange={(e) => set({ endpointId: e.target.value })}
          >
            <option value="">{t('processes.filters.allEndpoints')}</option>
            {endpoints.map((endpoint) => (
              <option key={endpoint.id} value={endpoint.id}>
                {endpoint.label}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor={ids.mode} className="filters__label">
            {t('processes.filters.mode')}
          </label>
          <select
            id={ids.mode}
            className="select"
            value={params.mode}
            onChange={(e) => set({ mode: e.target.value as ProcessListParams['mode'] })}
          >
            <option value="">{t('processes.filters.anyMode')}</option>
            <option value="sync">{t('mode.sync')}</option>
            <option value="async">{t('mode.async')}</option>
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor={ids.range} className="filters__label">
            {t('processes.filters.time')}
          </label>
          <select
            id={ids.range}
            className="select"
            value={params.range}
            onChange={(e) => set({ range: e.target.value as ProcessListParams['range'] })}
          >
            {TIME_RANGES.map((range) => (
              <option key={range} value={range}>
                {t(`processes.filters.ranges.${range}`)}
              </option>
            ))}
          </select>
        </div>
        {params.range === 'custom' ? (
          <>
            <div className="filters__field">
              <label htmlFor={ids.from} className="filters__label">
                {t('processes.filters.from')}
              </label>
              <input
                id={ids.from}
                type="datetime-local"
                className="input"
                value={params.from}
                onChange={(e) => set({ from: e.target.value })}
              />
            </div>
            <div className="filters__field">
              <label htmlFor={ids.to} className="filters__label">
                {t('processes.filters.to')}
              </label>
              <input
                id={ids.to}
                type="datetime-local"
                className="input"
                value={params.to}
                onChange={(e) => set({ to: e.target.value })}
              />
            </div>
          </>
        ) : null}
      </div>
      <div className="filters__row filters__row--chips">
        <div className="chip-toggles" role="group" aria-label={t('processes.filters.status')}>
          {PROCESS_STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              className={`chip chip--${status} chip--toggle`}
              aria-pressed={params.statuses.includes(status)}
              onClick={() => toggleStatus(status)}
            >
              {t(`status.${status}`)}
            </button>
          ))}
        </div>
        {hasFilters(params) ? (
          <button type="button" className="btn btn--small btn--ghost" onClick={() => onChange(EMPTY_PARAMS)}>
            {t('processes.filters.clear')}
          </button>
        ) : null}
        <ExportMenu filter={toApiFilter(params)} />
      </div>
    </div>
  );
}
