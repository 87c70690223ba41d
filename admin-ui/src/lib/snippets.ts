import type { HmacPreset, HttpMethod } from '@contract';

/** The public URL callers use: `${origin}/api/webrequest/${slug}`. */
export function publicUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}/api/webrequest/${encodeURIComponent(slug)}`;
}

/**
 * What a caller must prove for an endpoint (its `access`, without the write-only values, which
 * the admin never sees again): the snippet sends that proof, with a placeholder for the secret.
 */
export type SnippetAuth =
  | { type: 'public' }
  | { type: 'basic'; username: string }
  | { type: 'apiKey' }
  | { type: 'hmac'; preset: HmacPreset }
  | { type: 'jwt' };

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
  auth?: SnippetAuth;
  /** A real key to send instead of the placeholder (right after it was made, while it is shown). */
  apiKey?: string;
}

export const BODY_METHODS: readonly HttpMethod[] = ['POST', 'PUT', 'PATCH'];
export const EXAMPLE_BODY = { email: 'jane@example.com', message: 'Hello' };

/** Placeholders for what only the caller knows; upper case so that they stand out in a terminal. */
export const PLACEHOLDERS = {
  password: 'PASSWORD',
  apiKey: 'sgk_YOUR_KEY',
  secret: 'YOUR_SECRET',
  jwt: 'YOUR_JWT',
} as const;

export function snippetMethod(methods: readonly HttpMethod[]): HttpMethod {
  if (methods.includes('POST')) return 'POST';
  return methods[0] ?? 'GET';
}

export function withAsync(url: string, async: boolean | undefined): string {
  if (!async) return url;
  return `${url}${url.includes('?') ? '&' : '?'}async=true`;
}

/** Quotes for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * How each HMAC preset signs (SPEC §2): the signed text and the headers, over `ts` (unix
 * seconds), `body` (the raw bytes sent) and `sig` (hex HMAC-SHA256 of the signed text).
 */
const HMAC_SCHEMES: Record<
  HmacPreset,
  { timestamp: boolean; signed: (ts: string, body: string) => string; headers: (ts: string, sig: string) => string[] }
> = {
  scriptgate: {
    timestamp: true,
    signed: (ts, body) => `${ts}.${body}`,
    headers: (ts, sig) => [`X-Scriptgate-Timestamp: ${ts}`, `X-Scriptgate-Signature: sha256=${sig}`],
  },
  github: {
    timestamp: false,
    signed: (_ts, body) => body,
    headers: (_ts, sig) => [`X-Hub-Signature-256: sha256=${sig}`],
  },
  stripe: {
    timestamp: true,
    signed: (ts, body) => `${ts}.${body}`,
    headers: (ts, sig) => [`Stripe-Signature: t=${ts},v1=${sig}`],
  },
};

/** The `Authorization` header for the types that send a fixed credential. */
export function authorization(auth: SnippetAuth, apiKey: string | undefined): string | null {
  switch (auth.type) {
    case 'apiKey':
      return `Bearer ${apiKey ?? PLACEHOLDERS.apiKey}`;
    case 'jwt':
      return `Bearer ${PLACEHOLDERS.jwt}`;
    default:
      return null;
  }
}

function curlStart(method: HttpMethod, url: string): string {
  if (method === 'GET') return `curl -i ${shellQuote(url)}`;
  // `-X HEAD` would make curl wait for a body that never comes.
  if (method === 'HEAD') return `curl -I ${shellQuote(url)}`;
  return `curl -i -X ${method} ${shellQuote(url)}`;
}

export function curlSnippet(input: SnippetInput): string {
  const method = snippetMethod(input.methods);
  const auth = input.auth ?? { type: 'public' };
  const hasBody = BODY_METHODS.includes(method);
  const body = JSON.stringify(input.body ?? EXAMPLE_BODY);
  const parts = [curlStart(method, withAsync(input.url, input.async))];

  if (auth.type === 'hmac') {
    // The signature covers the exact bytes sent, so the body goes through a variable and --data-binary.
    const scheme = HMAC_SCHEMES[auth.preset];
    const lines = [
      `SECRET=${shellQuote(PLACEHOLDERS.secret)}  # the endpoint's HMAC secret`,
      `BODY=${hasBody ? shellQuote(body) : "''"}`,
      ...(scheme.timestamp ? ['TS=$(date +%s)'] : []),
      `SIG=$(printf '%s' "${scheme.signed('$TS', '$BODY')}" | openssl dgst -sha256 -hmac "$SECRET" | awk '{print $NF}')`,
    ];
    if (hasBody) parts.push(`-H 'Content-Type: application/json'`);
    for (const header of scheme.headers('$TS', '$SIG')) parts.push(`-H "${header}"`);
    if (hasBody) parts.push(`--data-binary "$BODY"`);
    return [...lines, parts.join(' \\\n  ')].join('\n');
  }

  if (auth.type === 'basic') parts.push(`-u ${shellQuote(`${auth.username}:${PLACEHOLDERS.password}`)}`);
  const header = authorization(auth, input.apiKey);
  if (header) parts.push(`-H ${shellQuote(`Authorization: ${header}`)}`);
  if (hasBody) {
    parts.push(`-H 'Content-Type: application/json'`);
    parts.push(`-d ${shellQuote(body)}`);
  }
  return parts.join(' \\\n  ');
}

/** A Node.js (18+) call that signs the body: an HMAC secret belongs on a server, never in a web page. */
function signedFetchSnippet(input: SnippetInput, preset: HmacPreset, method: HttpMethod, url: string): string {
  const scheme = HMAC_SCHEMES[preset];
  const hasBody = BODY_METHODS.includes(method);
  const headers = scheme.headers('${timestamp}', '${signature}').map((header) => {
    const [name, value] = header.split(/: (.*)/s) as [string, string];
    return `    '${name}': \`${value}\`,`;
  });
  return [
    `import { createHmac } from 'node:crypto';`,
    ``,
    `const secret = process.env.SCRIPTGATE_SECRET; // the endpoint's HMAC secret`,
    `const body = ${hasBody ? `JSON.stringify(${JSON.stringify(input.body ?? EXAMPLE_BODY)})` : `''`};`,
    `const timestamp = Math.floor(Date.now() / 1000);`,
    `const signature = createHmac('sha256', secret).update(\`${scheme.signed('${timestamp}', '${body}')}\`).digest('hex');`,
    `const response = await fetch(${JSON.stringify(url)}, {`,
    `  method: ${JSON.stringify(method)},`,
    `  headers: {`,
    ...(hasBody ? [`    'Content-Type': 'application/json',`] : []),
    ...headers,
    `  },`,
    ...(hasBody ? [`  body,`] : []),
    `});`,
  ].join('\n');
}

export function fetchSnippet(input: SnippetInput): string {
  const method = snippetMethod(input.methods);
  const url = withAsync(input.url, input.async);
  const auth = input.auth ?? { type: 'public' };
  const answer = input.async
    ? `const { processId, statusUrl } = await response.json(); // 202: the run is queued`
    : `const data = response.headers.get('content-type')?.includes('json')\n  ? await response.json()\n  : await response.text();`;
  if (auth.type === 'hmac') return `${signedFetchSnippet(input, auth.preset, method, url)}\n${answer}`;

  const options: string[] = [`  method: ${JSON.stringify(method)},`];
  const hasBody = BODY_METHODS.includes(method);
  const headers: string[] = [];
  if (hasBody) headers.push(`'Content-Type': 'application/json'`);
  if (auth.type === 'basic') {
    headers.push(`Authorization: 'Basic ' + btoa(${JSON.stringify(`${auth.username}:${PLACEHOLDERS.password}`)})`);
  }
  const header = authorization(auth, input.apiKey);
  if (header) headers.push(`Authorization: ${JSON.stringify(header)}`);
  if (headers.length > 0) options.push(`  headers: { ${headers.join(', ')} },`);
  if (hasBody) options.push(`  body: JSON.stringify(${JSON.stringify(input.body ?? EXAMPLE_BODY)}),`);
  if (input.credentials) options.push(`  credentials: 'include',`);
  return [`const response = await fetch(${JSON.stringify(url)}, {`, ...options, `});`, answer].join('\n');
}
