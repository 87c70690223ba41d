import { AUDIT_ENTITIES, type AuditEntity } from '@contract';
import type { AuditFilter } from '../../../api/audit';
import { isTimeRange, rangeBounds, type TimeRange } from '../../../lib/time-range';

/**
 * The audit log's filters as they live in the URL, so that a view can be shared and linked to
 * (an endpoint's settings link to `?entity=endpoint:<id>`).
 */
export interface AuditParams {
  /** A user id; empty: anyone. */
  actor: string;
  entityType: AuditEntity | '';
  /** One entity of that type; empty: all of them. */
  entityId: string;
  range: TimeRange;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_PARAMS: AuditParams = {
  actor: '',
  entityType: '',
  entityId: '',
  range: 'all',
  from: '',
  to: '',
};

const isEntity = (value: string): value is AuditEntity => (AUDIT_ENTITIES as readonly string[]).includes(value);

export function readAuditParams(search: URLSearchParams): AuditParams {
  const [type = '', ...rest] = (search.get('entity') ?? '').split(':');
  const range = search.get('range');
  const entityType = isEntity(type) ? type : '';
  return {
    actor: search.get('actor') ?? '',
    entityType,
    entityId: entityType ? rest.join(':') : '',
    range: isTimeRange(range) ? range : 'all',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

const entityParam = (params: AuditParams) =>
  params.entityType ? (params.entityId ? `${params.entityType}:${params.entityId}` : params.entityType) : '';

export function writeAuditParams(params: AuditParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.actor) search.set('actor', params.actor);
  const entity = entityParam(params);
  if (entity) search.set('entity', entity);
  if (params.range !== 'all') search.set('range', params.range);
  if (params.range === 'custom') {
    if (params.from) search.set('from', params.from);
    if (params.to) search.set('to', params.to);
  }
  return search;
}

export function toAuditFilter(params: AuditParams, now = Date.now()): AuditFilter {
  const { from, to } = rangeBounds(params.range, params, now);
  return { actor: params.actor || undefined, entity: entityParam(params) || undefined, from, to };
}

export const hasAuditFilters = (params: AuditParams) => writeAuditParams(params).toString() !== '';
