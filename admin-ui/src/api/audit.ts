import type { AuditPage } from '@contract';
import { api } from './client';

/** What the audit log can be narrowed by; absent = no constraint. */
export interface AuditFilter {
  /** A user id. */
  actor?: string | undefined;
  /** An entity type (`endpoint`), or one entity (`endpoint:<id>`). */
  entity?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export const AUDIT_PAGE_SIZE = 50;

export function buildAuditQuery(filter: AuditFilter, page: { limit?: number; cursor?: string | null } = {}): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'entity', 'from', 'to'] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
  }
  params.set('limit', String(page.limit ?? AUDIT_PAGE_SIZE));
  if (page.cursor) params.set('cursor', page.cursor);
  return params.toString();
}

export const auditApi = {
  list: (filter: AuditFilter, page: { cursor?: string | null } = {}, signal?: AbortSignal) =>
    api.get<AuditPage>(`/audit?${buildAuditQuery(filter, page)}`, signal),
};
