import { AUDIT_ENTITIES, type AuditEntity } from '@contract';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { TIME_RANGES, type TimeRange } from '../../../lib/time-range';
import { EMPTY_AUDIT_PARAMS, hasAuditFilters, type AuditParams } from '../lib/audit-params';

interface Option {
  id: string;
  label: string;
}

/** Who, what and when; every change goes to the URL. */
export function AuditFilters({
  params,
  onChange,
  actors,
  endpoints,
}: {
  params: AuditParams;
  onChange: (params: AuditParams) => void;
  actors: Option[];
  endpoints: Option[];
}) {
  const { t } = useTranslation();
  const ids = { actor: useId(), entity: useId(), endpoint: useId(), range: useId(), from: useId(), to: useId() };
  const set = (patch: Partial<AuditParams>) => onChange({ ...params, ...patch });
  // One entity that is not in the list (deleted since): keep it selectable, so the filter stays visible.
  const endpointOptions =
    params.entityId && !endpoints.some((endpoint) => endpoint.id === params.entityId)
      ? [...endpoints, { id: params.entityId, label: params.entityId }]
      : endpoints;
  return (
    <div className="filters" role="search" aria-label={t('audit.filters.label')}>
      <div className="filters__row">
        <div className="filters__field">
          <label htmlFor={ids.actor} className="filters__label">
            {t('audit.filters.actor')}
          </label>
          <select
            id={ids.actor}
            className="select"
            value={params.actor}
            onChange={(e) => set({ actor: e.target.value })}
          >
            <option value="">{t('audit.filters.anyone')}</option>
            {actors.map((actor) => (
              <option key={actor.id} value={actor.id}>
                {actor.label}
              </option>
            ))}
          </select>
        </div>
        <div className="filters__field">
          <label htmlFor={ids.entity} className="filters__label">
            {t('audit.filters.entity')}
          </label>
          <select
            id={ids.entity}
            className="select"
            value={params.entityType}
            onChange={(e) => set({ entityType: e.target.value as AuditEntity | '', entityId: '' })}
          >
            <option value="">{t('audit.filters.anything')}</option>
            {AUDIT_ENTITIES.map((entity) => (
              <option key={entity} value={entity}>
                {t(`audit.entities.${entity}`)}
              </option>
            ))}
          </select>
        </div>
        {params.entityType === 'endpoint' || params.entityType === 'scenario' ? (
          <div className="filters__field">
            <label htmlFor={ids.endpoint} className="filters__label">
              {t('audit.filters.endpoint')}
            </label>
            <select
              id={ids.endpoint}
              className="select"
              value={params.entityId}
              onChange={(e) => set({ entityId: e.target.value })}
            >
              <option value="">{t('processes.filters.allEndpoints')}</option>
              {endpointOptions.map((endpoint) => (
                <option key={endpoint.id} value={endpoint.id}>
                  {endpoint.label}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="filters__field">
          <label htmlFor={ids.range} className="filters__label">
            {t('processes.filters.time')}
          </label>
          <select
            id={ids.range}
            className="select"
            value={params.range}
            onChange={(e) => set({ range: e.target.value as TimeRange })}
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
        {hasAuditFilters(params) ? (
          <div className="filters__field filters__field--end">
            <button type="button" className="btn btn--small btn--ghost" onClick={() => onChange(EMPTY_AUDIT_PARAMS)}>
              {t('processes.filters.clear')}
            </button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
