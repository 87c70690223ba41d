import type { HttpMethod } from '@contract';

/** The public URL callers use: `${origin}/api/webrequest/${slug}`. */
export function publicUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}/api/webrequest/${encodeURIComponent(slug)}`;
}

export interface SnippetInput {
  url: string;
  /** The endpoint's allowed methods; the snippet uses POST when allowed, else the first one. */
  methods: readonly HttpMethod[];
  /** Ask for an asynchronous run (`?async=true`). */
  async?: boolean;
  /** Send cookies cross-origin (only useful when the endpoint's CORS allows credentials). */
  credentials?: boolean;
  /** Example JSON body for methods that carry one. */
  body?: unknown;
}

const BODY_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];
export const EXAMPLE_BODY = { email: 'jane@example.com', message: 'Hello' };

export function snippetMethod(methods: readonly HttpMethod[]): HttpMethod {
  if (methods.includes('POST')) return 'POST';
  return methods[0] ?? 'GET';
}

function withAsync(url: string, async: boolean | undefined): string {
  if (!async) return url;
  return `${url}${url.includes('?') ? '&' : '?'}async=true`;
}

/** Quotes for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function curlSnippet(input: SnippetInput): string {
  const method = snippetMethod(input.methods);
  const url = withAsync(input.url, input.async);
  const parts = [method === 'GET' ? `curl -i ${shellQuote(url)}` : `curl -i -X ${method} ${shellQuote(url)}`];
  if (BODY_METHODS.includes(method) && method !== 'DELETE') {
    parts.push(`-H 'Content-Type: application/json'`);
    parts.push(`-d ${shellQuote(JSON.stringify(input.body ?? EXAMPLE_BODY))}`);
  }
  return parts.join(' \\\n  ');
}

export function fetchSnippet(input: SnippetInput): string {
  const method = snippetMethod(input.methods);
  const url = withAsync(input.url, input.async);
  const options: string[] = [`  method: ${JSON.stringify(method)},`];
  const hasBody = BODY_METHODS.includes(method) && method !== 'DELETE';
  if (hasBody) {
    options.push(`  headers: { 'Content-Type': 'application/json' },`);
    options.push(`  body: JSON.stringify(${JSON.stringify(input.body ?? EXAMPLE_BODY)}),`);
  }
  if (input.credentials) options.push(`  credentials: 'include',`);
  return [
    `const response = await fetch(${JSON.stringify(url)}, {`,
    ...options,
    `});`,
    input.async
      ? `const { processId, statusUrl } = await response.json(); // 202: the run is queued`
      : `const data = response.headers.get('content-type')?.includes('json')\n  ? await response.json()\n  : await response.text();`,
  ].join('\n');
}
