import { API_DOCS_PATHS, type HttpMethod } from '@contract';

/** The public API reference (opened in a new tab: it is a page of the server, not of the admin). */
export const API_DOCS_URL = API_DOCS_PATHS.page;

/**
 * An endpoint's place in the API reference: swagger-ui's deep link `#/<tag>/<operationId>`, where
 * the server tags each operation with the slug and names it `<method>-<slug>` (apidocs/openapi.ts).
 * POST when it is allowed (what most endpoints are for), else the first allowed method.
 */
export function endpointDocsUrl(slug: string, methods: readonly HttpMethod[]): string {
  const method = methods.includes('POST') ? 'POST' : (methods[0] ?? 'GET');
  return `${API_DOCS_URL}#/${encodeURIComponent(slug)}/${encodeURIComponent(`${method.toLowerCase()}-${slug}`)}`;
}
