import { API_BASE } from '../../../api/client';
import { buildProcessQuery, type ProcessFilter } from '../../../api/processes';

export type ExportFormat = 'csv' | 'ndjson';

/**
 * The download URL of the list's current filter (`GET /api/admin/processes/export`). A plain
 * link: the browser streams the file to disk and sends the session cookie itself, and a GET
 * needs no CSRF token.
 */
export function exportUrl(filter: ProcessFilter, format: ExportFormat): string {
  const params = new URLSearchParams(buildProcessQuery(filter));
  params.delete('limit');
  params.set('format', format);
  return `${API_BASE}/processes/export?${params.toString()}`;
}
