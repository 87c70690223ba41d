import type { JsonSchema } from '../contract/index.js';
import { isSchemaObject, mapSchema } from '../endpoints/schema-positions.js';
import type { Endpoint } from '../store/types.js';
import { ACCEPTED_SCHEMA, ERROR_RESPONSES, ERROR_SCHEMA, ERROR_STATUS, type ErrorResponseName } from './responses.js';
import { securityOf } from './security.js';

/**
 * The OpenAPI 3.1 document of endpoints (README "Request schema and API docs"). A pure function
 * of the endpoints it is given: the public route passes `publicEndpoints(all)`, the admin's
 * preview one endpoint. What it may show of an endpoint is its slug, methods, name,
 * description, request schema, whether it runs async, and how to authenticate — never a
 * secret, a key, an allowlist, CORS origins or any other setting.
 */

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** What the public route parses and a body schema checks (multipart: its fields). */
const SCHEMA_MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** Endpoints the public document may list: enabled, and documented by their owner. */
export function publicEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  return endpoints.filter((endpoint) => endpoint.enabled && endpoint.documented === true);
}

/**
 * A request schema placed at `at` (`#/components/schemas/<name>`): its own `#/…` references
 * would otherwise resolve against the whole document.
 */
function embedded(schema: JsonSchema, at: string): JsonSchema {
  const moved = mapSchema(schema, (node) => {
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) node.$ref = at + node.$ref.slice(1);
    return node;
  }) as JsonSchema;
  if (isSchemaObject(moved)) delete moved.$schema;
  return moved;
}

function queryParameters(endpoint: Endpoint, queryRef: string | null): Array<Record<string, unknown>> {
  const query = endpoint.requestSchema?.query;
  const parameters: Array<Record<string, unknown>> = [];
  const properties = isSchemaObject(query) && isSchemaObject(query.properties) ? query.properties : {};
  const required = isSchemaObject(query) && Array.isArray(query.required) ? query.required : [];
  for (const [name, schema] of Object.entries(properties)) {
    const placed = queryRef ? embedded(schema as JsonSchema, queryRef) : (schema as JsonSchema);
    const parameter: Record<string, unknown> = { name, in: 'query', required: required.includes(name), schema: placed };
    if (isSchemaObject(schema) && typeof schema.description === 'string') parameter.description = schema.description;
    // Nested keys arrive as `filter[status]=open` (qs), which is OpenAPI's deepObject.
    if (isSchemaObject(schema) && schema.type === 'object')
      Object.assign(parameter, { style: 'deepObject', explode: true });
    parameters.push(parameter);
  }
  if (!endpoint.alwaysAsync && !Object.hasOwn(properties, 'async')) {
    parameters.push({
      name: 'async',
      in: 'query',
      required: false,
      description: 'Run in the background: answered at once with `202` and a status URL.',
      schema: { type: 'string', enum: ['true', '1'] },
    });
  }
  return parameters;
}

function errorRefs(endpoint: Endpoint, withBody: boolean): Record<string, unknown> {
  const names: ErrorResponseName[] = ['BadRequest'];
  if (endpoint.access.type !== 'public') names.push('Unauthorized');
  if (endpoint.access.type === 'apiKey' || endpoint.ipAllowlist.length > 0 || endpoint.cors.origins.length > 0)
    names.push('Forbidden');
  if (!endpoint.alwaysAsync) names.push('Conflict');
  if (withBody) names.push('PayloadTooLarge');
  names.push('Unprocessable');
  if (endpoint.rateLimit) names.push('TooManyRequests');
  if (!endpoint.alwaysAsync) names.push('ScenarioFailed');
  names.push('Unavailable');
  if (!endpoint.alwaysAsync) names.push('Timeout');
  return Object.fromEntries(names.map((name) => [ERROR_STATUS[name], { $ref: `#/components/responses/${name}` }]));
}

function successResponses(endpoint: Endpoint): Record<string, Record<string, unknown>> {
  const processId = {
    'X-Process-Id': { description: 'The process that recorded this call.', schema: { type: 'string' } },
  };
  const responses: Record<string, Record<string, unknown>> = {};
  if (!endpoint.alwaysAsync) {
    responses['200'] = {
      description:
        "The scenario's answer: what it returns (JSON, text, or its own status, headers and body; `204` when it returns nothing).",
      headers: processId,
      content: { '*/*': { schema: {} } },
    };
  }
  const custom = endpoint.asyncResponse;
  const status = String(custom?.status ?? 202);
  const content =
    custom && custom.body !== null
      ? { 'application/json': { schema: {}, example: custom.body } }
      : { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } };
  const accepted = {
    description: endpoint.alwaysAsync
      ? 'Queued: the run goes on in the background; its status URL tells how it ends.'
      : 'Queued (with `?async=true` or `Prefer: respond-async`): the run goes on in the background; its status URL tells how it ends.',
    headers: { ...processId, Location: { description: 'The status URL.', schema: { type: 'string' } } },
    content,
  };
  // An immediate answer configured as 200 shares the sync answer's entry.
  responses[status] = responses[status]
    ? {
        ...responses[status],
        description: `${String(responses[status].description)} Or, asynchronously: ${accepted.description}`,
      }
    : accepted;
  return responses;
}

function notes(endpoint: Endpoint): string {
  const lines = [endpoint.description.trim()];
  if (endpoint.alwaysAsync) lines.push('Always runs asynchronously.');
  if (endpoint.ipAllowlist.length > 0) lines.push('Callable only from allowed addresses.');
  if (endpoint.rateLimit) lines.push('Rate limited: past the limit, `429` with `Retry-After`.');
  lines.push('Send `Idempotency-Key` to make a retry safe: a repeat gets the first answer again.');
  return lines.filter(Boolean).join('\n\n');
}

function operationsOf(
  endpoint: Endpoint,
  schemaNames: { body: string | null; query: string | null },
  subpath: boolean,
) {
  const security = securityOf(endpoint.access);
  const parameters: Array<Record<string, unknown>> = [
    ...(subpath
      ? [
          {
            name: 'subpath',
            in: 'path',
            required: true,
            description: 'The rest of the path (may contain `/`); the scenario reads it as `request.subpath`.',
            schema: { type: 'string' },
          },
        ]
      : []),
    ...queryParameters(endpoint, schemaNames.query && `#/components/schemas/${schemaNames.query}`),
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    },
    ...security.headers.map((header) => ({ ...header, in: 'header', required: true, schema: { type: 'string' } })),
  ];
  const operations: Record<string, unknown> = {};
  for (const method of endpoint.methods) {
    const withBody = BODY_METHODS.has(method);
    const operation: Record<string, unknown> = {
      operationId: `${method.toLowerCase()}-${endpoint.slug}${subpath ? '-subpath' : ''}`,
      tags: [endpoint.slug],
      summary: endpoint.name || endpoint.slug,
      description: notes(endpoint),
      parameters,
      responses: { ...successResponses(endpoint), ...errorRefs(endpoint, withBody) },
    };
    if (withBody) {
      operation.requestBody = schemaNames.body
        ? {
            required: true,
            content: Object.fromEntries(
              SCHEMA_MEDIA_TYPES.map((type) => [
                type,
                { schema: { $ref: `#/components/schemas/${schemaNames.body}` } },
              ]),
            ),
          }
        : { required: false, content: { '*/*': { schema: {} } } };
    }
    if (security.requirement.length > 0) operation.security = security.requirement;
    operations[method.toLowerCase()] = operation;
  }
  return operations;
}

export interface OpenApiOptions {
  /** Where the endpoints are called: PUBLIC_URL, or the origin the document was asked for at. */
  serverUrl: string;
}

export function buildOpenApi(endpoints: readonly Endpoint[], options: OpenApiOptions): OpenApiDocument {
  const sorted = [...endpoints].sort((a, b) => a.slug.localeCompare(b.slug));
  const schemas: Record<string, unknown> = { Error: ERROR_SCHEMA, Accepted: ACCEPTED_SCHEMA };
  const securitySchemes: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of sorted) {
    const names = { body: null as string | null, query: null as string | null };
    for (const part of ['body', 'query'] as const) {
      const schema = endpoint.requestSchema?.[part];
      if (schema === undefined) continue;
      names[part] = `${endpoint.slug}.${part}`;
      schemas[names[part]] = embedded(schema, `#/components/schemas/${names[part]}`);
    }
    Object.assign(securitySchemes, securityOf(endpoint.access).schemes);
    paths[`/api/webrequest/${endpoint.slug}`] = operationsOf(endpoint, names, false);
    paths[`/api/webrequest/${endpoint.slug}/{subpath}`] = operationsOf(endpoint, names, true);
  }
  const newest = sorted.reduce((latest, endpoint) => (endpoint.updatedAt > latest ? endpoint.updatedAt : latest), '');
  return {
    // No `jsonSchemaDialect`: OpenAPI 3.1's default dialect extends JSON Schema 2020-12, which
    // every request schema is, and renderers warn on a non-default one.
    openapi: '3.1.0',
    info: {
      title: 'Scriptgate endpoints',
      // Changes whenever a listed endpoint does, so clients can tell a new document.
      version: newest || '0',
      description: 'Endpoints of this Scriptgate server whose owners chose to document them.',
    },
    servers: [{ url: options.serverUrl }],
    tags: sorted.map((endpoint) => ({ name: endpoint.slug, description: endpoint.name || endpoint.slug })),
    paths,
    components: { schemas, responses: ERROR_RESPONSES, securitySchemes },
  };
}
