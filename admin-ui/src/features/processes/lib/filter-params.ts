import { PROCESS_STATUSES, type ProcessMode, type ProcessStatus } from '@contract';
import type { ProcessFilter } from '../../../api/processes';
import { isTimeRange, rangeBounds, type TimeRange } from '../../../lib/time-range';

/** The process list's filters as they live in the URL (so a filtered view can be shared and survives reload). */
export interface ProcessListParams {
  endpointId: string;
  statuses: ProcessStatus[];
  mode: ProcessMode | '';
  range: TimeRange;
  /** Only for `range=custom`: values of datetime-local inputs (local time, no zone). */
  from: string;
  to: string;
  q: string;
  /** An exact `Idempotency-Key`, to find the run a caller's retries were answered from. */
  idempotencyKey: string;
}

export const EMPTY_PARAMS: ProcessListParams = {
  endpointId: '',
  statuses: [],
  mode: '',
  range: 'all',
  from: '',
  to: '',
  q: '',
  idempotencyKey: '',
};

const isStatus = (value: string): value is ProcessStatus => (PROCESS_STATUSES as readonly string[]).includes(value);

export function readParams(search: URLSearchParams): ProcessListParams {
  const mode = search.get('mode');
  const range = search.get('range');
  return {
    endpointId: search.get('endpoint') ?? '',
    statuses: (search.get('status') ?? '').split(',').filter(isStatus),
    mode: mode === 'sync' || mode === 'async' ? mode : '',
    range: isTimeRange(range) ? range : 'all',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    q: search.get('q') ?? '',
    idempotencyKey: search.get('idempotencyKey') ?? '',
  };
}

export function writeParams(params: ProcessListParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.endpointId) search.set('endpoint', params.endpointId);
  if (params.statuses.length) search.set('status', params.statuses.join(','));
  if (params.mode) search.set('mode', params.mode);
  if (params.range !== 'all') search.set('range', params.range);
  if (params.range === 'custom') {
    if (params.from) search.set('from', params.from);
    if (params.to) search.set('to', params.to);
  }
  if (params.q.trim()) search.set('q', params.q.trim());
  if (params.idempotencyKey.trim()) search.set('idempotencyKey', params.idempotencyKey.trim());
  return search;
}

/** The API filter; relative ranges are resolved against `now`. */
export function toApiFilter(params: ProcessListParams, now = Date.now()): ProcessFilter {
  const { from, to } = rangeBounds(params.range, params, now);
  return {
    endpointId: params.endpointId || undefined,
    statuses: params.statuses.length ? params.statuses : undefined,
    mode: params.mode || undefined,
    from,
    to,
    q: params.q.trim() || undefined,
    idempotencyKey: params.idempotencyKey.trim() || undefined,
  };
}

export function hasFilters(params: ProcessListParams): boolean {
  return writeParams(params).toString() !== '';
}
