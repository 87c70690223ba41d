import type { ProcessMode, ProcessPage, ProcessRecord, ProcessStatus, ProcessSummary } from '@contract';
import { api, seg } from './client';

/** What the process list can be narrowed by; every field optional, absent = no constraint. */
export interface ProcessFilter {
  endpointId?: string | undefined;
  statuses?: ProcessStatus[] | undefined;
  mode?: ProcessMode | undefined;
  /** ISO times, inclusive range on the time the process was created. */
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  /** Exact match; keys never contain spaces, so surrounding ones (from a paste) are dropped. */
  idempotencyKey?: string | undefined;
}

export const PROCESS_PAGE_SIZE = 50;

/** `?endpointId=&status=a,b&mode=&from=&to=&q=&idempotencyKey=&limit=&cursor=`, leaving out what is empty. */
export function buildProcessQuery(
  filter: ProcessFilter,
  page: { limit?: number; cursor?: string | null } = {},
): string {
  const params = new URLSearchParams();
  if (filter.endpointId) params.set('endpointId', filter.endpointId);
  if (filter.statuses && filter.statuses.length > 0) params.set('status', [...new Set(filter.statuses)].join(','));
  if (filter.mode) params.set('mode', filter.mode);
  if (filter.from) params.set('from', filter.from);
  if (filter.to) params.set('to', filter.to);
  const q = filter.q?.trim();
  if (q) params.set('q', q);
  const idempotencyKey = filter.idempotencyKey?.trim();
  if (idempotencyKey) params.set('idempotencyKey', idempotencyKey);
  params.set('limit', String(page.limit ?? PROCESS_PAGE_SIZE));
  if (page.cursor) params.set('cursor', page.cursor);
  return params.toString();
}

export const processesApi = {
  list: (filter: ProcessFilter, page: { limit?: number; cursor?: string | null } = {}, signal?: AbortSignal) =>
    api.get<ProcessPage<ProcessSummary>>(`/processes?${buildProcessQuery(filter, page)}`, signal),
  get: (id: string, signal?: AbortSignal) => api.get<ProcessRecord>(`/processes/${seg(id)}`, signal),
  rerun: (id: string) => api.post<{ processId: string }>(`/processes/${seg(id)}/rerun`),
  cancel: (id: string) => api.post<ProcessRecord>(`/processes/${seg(id)}/cancel`),
  /** Sends the finished run's callback once more (`409 conflict` when it has none or is not finished). */
  deliverCallback: (id: string) => api.post<ProcessRecord>(`/processes/${seg(id)}/callback`),
};
