import { HTTP_METHODS, SLUG_PATTERN, type Endpoint, type HttpMethod } from '@contract';
import type { EndpointInput } from '../../../api/endpoints';
import { localizeFieldMessage } from '../../../api/error-messages';
import { recordToRows, rowsToRecord, type KeyValueRow } from '../../../components/KeyValueEditor';
import {
  ACCESS_FIELD_ORDER,
  accessFieldOf,
  accessInput,
  accessValuesFrom,
  emptyAccessValues,
  rateLimitInput,
  splitList,
  validateAccess,
  type AccessFormValues,
} from './access-model';
import {
  FAILURE_ALERT_FIELD_ORDER,
  FAILURE_ALERT_PATHS,
  failureAlertInput,
  failureAlertValuesFrom,
  validateFailureAlert,
  type FailureAlertFormValues,
} from './failure-alert-model';
import {
  REQUEST_SCHEMA_FIELD_ORDER,
  requestSchemaFieldOf,
  requestSchemaInput,
  requestSchemaValuesFrom,
  schemaProblemOf,
  validateRequestSchema,
  type RequestSchemaFormValues,
} from './request-schema-model';

/** The endpoint settings form as typed: numbers and lists stay text until submitted. */
export interface EndpointFormValues extends AccessFormValues, FailureAlertFormValues, RequestSchemaFormValues {
  slug: string;
  name: string;
  description: string;
  enabled: boolean;
  methods: HttpMethod[];
  alwaysAsync: boolean;
  /** Seconds, as a business user thinks of a time limit (the API keeps milliseconds); blank = the server default. */
  timeoutSeconds: string;
  /** Kilobytes; blank = the server default. */
  bodyLimitKb: string;
  /** One origin per line. */
  corsOrigins: string;
  corsCredentials: boolean;
  /** Refuse calls from unlisted origins (403 origin_not_allowed) before the scenario runs. */
  corsEnforce: boolean;
  /** Header names, separated by commas or new lines. */
  corsHeaders: string;
  corsMaxAge: string;
  asyncCustom: boolean;
  asyncStatus: string;
  asyncHeaders: KeyValueRow[];
  /** JSON text; blank = the default `{ processId, status, statusUrl }`. */
  asyncBody: string;
  callbackUrl: string;
  cspSandbox: boolean;
  /** Names of the secrets the scenario may read (granted by an admin). */
  secrets: string[];
}

export type FieldName = keyof EndpointFormValues;
/** Messages per field, plus `_form` for errors that belong to no field. */
export type FieldErrors = Partial<Record<FieldName | '_form', string>>;
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export const MAX_BODY_LIMIT_KB = 100 * 1024;
const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function emptyEndpointValues(methods: readonly HttpMethod[] = HTTP_METHODS): EndpointFormValues {
  return {
    slug: '',
    name: '',
    description: '',
    enabled: true,
    methods: [...methods],
    alwaysAsync: false,
    timeoutSeconds: '',
    bodyLimitKb: '',
    corsOrigins: '',
    corsCredentials: false,
    corsEnforce: true,
    corsHeaders: '',
    corsMaxAge: '600',
    asyncCustom: false,
    asyncStatus: '202',
    asyncHeaders: [],
    asyncBody: '',
    callbackUrl: '',
    cspSandbox: true,
    secrets: [],
    ...emptyAccessValues(),
    ...failureAlertValuesFrom(null),
    ...requestSchemaValuesFrom(null, false),
  };
}

export function valuesFromEndpoint(endpoint: Endpoint): EndpointFormValues {
  return {
    slug: endpoint.slug,
    name: endpoint.name,
    description: endpoint.description,
    enabled: endpoint.enabled,
    methods: [...endpoint.methods],
    alwaysAsync: endpoint.alwaysAsync,
    timeoutSeconds: endpoint.timeoutMs === null ? '' : secondsText(endpoint.timeoutMs),
    bodyLimitKb:
      endpoint.bodyLimitBytes === null ? '' : String(Math.round((endpoint.bodyLimitBytes / 1024) * 100) / 100),
    corsOrigins: endpoint.cors.origins.join('\n'),
    corsCredentials: endpoint.cors.credentials,
    // Endpoints saved before the setting existed enforce (the server treats absent as true).
    corsEnforce: endpoint.cors.enforce !== false,
    corsHeaders: endpoint.cors.headers.join(', '),
    corsMaxAge: endpoint.cors.maxAgeSeconds === null ? '' : String(endpoint.cors.maxAgeSeconds),
    asyncCustom: endpoint.asyncResponse !== null,
    asyncStatus: String(endpoint.asyncResponse?.status ?? 202),
    asyncHeaders: recordToRows(endpoint.asyncResponse?.headers),
    asyncBody:
      endpoint.asyncResponse?.body === null || endpoint.asyncResponse?.body === undefined
        ? ''
        : JSON.stringify(endpoint.asyncResponse.body, null, 2),
    callbackUrl: endpoint.callbackUrl ?? '',
    cspSandbox: endpoint.cspSandbox,
    secrets: [...(endpoint.secrets ?? [])].sort(),
    ...accessValuesFrom(endpoint.access, endpoint.ipAllowlist ?? [], endpoint.rateLimit ?? null),
    ...failureAlertValuesFrom(endpoint.failureAlert ?? null),
    ...requestSchemaValuesFrom(endpoint.requestSchema, endpoint.documented),
  };
}

const isInteger = (text: string) => /^\d+$/.test(text.trim());

/** The smallest time limit the server takes, in milliseconds. */
export const MIN_TIMEOUT_MS = 100;

/** `1500` → `"1.5"`: milliseconds as seconds, without trailing zeros. */
export function secondsText(ms: number): string {
  return String(Math.round(ms) / 1000);
}

/** `"1.5"` or `"1,5"` (a Russian keyboard's decimal comma) → 1500; null when it is not a number of seconds. */
export function msFromSecondsText(text: string): number | null {
  const normalized = text.trim().replace(',', '.');
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(normalized)) return null;
  return Math.round(Number(normalized) * 1000);
}

function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The checks the browser can make before asking the server (which checks again). */
export function validateEndpoint(values: EndpointFormValues, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  const slug = values.slug.trim();
  if (!slug) errors.slug = t('endpointForm.errors.required');
  else if (!SLUG_PATTERN.test(slug)) errors.slug = t('endpointForm.errors.slug');
  if (values.name.length > 200) errors.name = t('endpointForm.errors.tooLong', { max: 200 });
  if (values.methods.length === 0) errors.methods = t('endpointForm.errors.methods');
  if (values.timeoutSeconds.trim()) {
    const ms = msFromSecondsText(values.timeoutSeconds);
    if (ms === null || ms < MIN_TIMEOUT_MS) {
      errors.timeoutSeconds = t('endpointForm.errors.timeout', { min: secondsText(MIN_TIMEOUT_MS) });
    }
  }
  const kb = Number(values.bodyLimitKb);
  if (values.bodyLimitKb.trim() && (!Number.isFinite(kb) || kb <= 0 || kb > MAX_BODY_LIMIT_KB)) {
    errors.bodyLimitKb = t('endpointForm.errors.bodyLimit', { max: MAX_BODY_LIMIT_KB });
  }
  const origins = splitList(values.corsOrigins);
  const badOrigin = origins.find((origin) => !isOrigin(origin));
  if (badOrigin) errors.corsOrigins = t('endpointForm.errors.origin', { origin: badOrigin });
  else if (values.corsCredentials && origins.includes('*'))
    errors.corsOrigins = t('endpointForm.errors.credentialsWildcard');
  const badHeader = splitList(values.corsHeaders).find((name) => !HEADER_TOKEN.test(name));
  if (badHeader) errors.corsHeaders = t('endpointForm.errors.header', { name: badHeader });
  if (values.corsMaxAge.trim() && (!isInteger(values.corsMaxAge) || Number(values.corsMaxAge) > 86_400)) {
    errors.corsMaxAge = t('endpointForm.errors.maxAge');
  }
  if (values.asyncCustom) {
    const status = Number(values.asyncStatus);
    if (!isInteger(values.asyncStatus) || status < 200 || status > 599)
      errors.asyncStatus = t('endpointForm.errors.status');
    const badAsyncHeader = values.asyncHeaders.find((row) => row.key.trim() && !HEADER_TOKEN.test(row.key.trim()));
    if (badAsyncHeader) errors.asyncHeaders = t('endpointForm.errors.header', { name: badAsyncHeader.key });
    if (values.asyncBody.trim() && !parsesAsJson(values.asyncBody)) errors.asyncBody = t('endpointForm.errors.json');
  }
  if (values.callbackUrl.trim() && !isHttpUrl(values.callbackUrl.trim()))
    errors.callbackUrl = t('endpointForm.errors.url');
  return {
    ...errors,
    ...validateAccess(values, t),
    ...validateFailureAlert(values, t, isHttpUrl),
    ...validateRequestSchema(values, t),
  };
}

/**
 * The settings as the admin API takes them (PATCH, or POST with `code` and `language` added).
 * Write-only access values go out only when typed (see access-model.ts). The callback secret is
 * never sent: the server makes it, and only its own route replaces it.
 */
export function endpointInput(values: EndpointFormValues): EndpointInput & { slug: string } {
  const slug = values.slug.trim();
  const blankOr = (text: string, parse: (text: string) => number) => (text.trim() ? parse(text.trim()) : null);
  return {
    slug,
    name: values.name.trim() || slug,
    description: values.description,
    enabled: values.enabled,
    methods: HTTP_METHODS.filter((method) => values.methods.includes(method)),
    alwaysAsync: values.alwaysAsync,
    timeoutMs: blankOr(values.timeoutSeconds, (text) => msFromSecondsText(text) ?? Number.NaN),
    bodyLimitBytes: blankOr(values.bodyLimitKb, (kb) => Math.round(Number(kb) * 1024)),
    cors: {
      origins: splitList(values.corsOrigins),
      credentials: values.corsCredentials,
      headers: splitList(values.corsHeaders),
      maxAgeSeconds: blankOr(values.corsMaxAge, Number),
      enforce: values.corsEnforce,
    },
    asyncResponse: values.asyncCustom
      ? {
          status: Number(values.asyncStatus),
          headers: rowsToRecord(values.asyncHeaders),
          body: values.asyncBody.trim() ? (JSON.parse(values.asyncBody) as unknown) : null,
        }
      : null,
    callbackUrl: values.callbackUrl.trim() || null,
    failureAlert: failureAlertInput(values),
    cspSandbox: values.cspSandbox,
    secrets: [...values.secrets].sort(),
    access: accessInput(values),
    ipAllowlist: splitList(values.ipAllowlist),
    rateLimit: rateLimitInput(values),
    ...requestSchemaInput(values),
  };
}

const SERVER_PATHS: Array<[prefix: string, field: FieldName]> = [
  ['cors.origins', 'corsOrigins'],
  ['cors.credentials', 'corsCredentials'],
  ['cors.headers', 'corsHeaders'],
  ['cors.maxAgeSeconds', 'corsMaxAge'],
  ['cors.enforce', 'corsEnforce'],
  ['cors', 'corsOrigins'],
  ['asyncResponse.headers', 'asyncHeaders'],
  ['asyncResponse.body', 'asyncBody'],
  ['asyncResponse', 'asyncStatus'],
  ['bodyLimitBytes', 'bodyLimitKb'],
  ['timeoutMs', 'timeoutSeconds'],
  ...FAILURE_ALERT_PATHS,
];
const DIRECT: readonly FieldName[] = [
  'slug',
  'name',
  'description',
  'enabled',
  'methods',
  'alwaysAsync',
  'callbackUrl',
  'cspSandbox',
  'secrets',
];

/**
 * Maps the server's `fields` (zod paths such as `cors.origins.1`) onto the form's fields.
 * `access.secret` belongs to the HMAC or the JWT secret, depending on the type being saved.
 */
export function fieldErrorsFromServer(
  fields: Record<string, string>,
  accessType: EndpointFormValues['accessType'] = 'public',
): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, serverText] of Object.entries(fields)) {
    const message = localizeFieldMessage(serverText);
    const head = path.split('.')[0] ?? path;
    let field: FieldName | '_form' = accessFieldOf(path, accessType) ?? requestSchemaFieldOf(path) ?? '_form';
    if ((DIRECT as readonly string[]).includes(head)) field = head as FieldName;
    else if (field === '_form') {
      const match = SERVER_PATHS.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`));
      if (match) field = match[1];
    }
    const problem = schemaProblemOf(path, message);
    const text =
      field === '_form' ? `${path}: ${message}` : problem?.pointer ? `${problem.pointer}: ${problem.message}` : message;
    errors[field] = errors[field] ? `${errors[field]}; ${text}` : text;
  }
  return errors;
}

/** The order fields appear in, to focus the first invalid one. */
export const FIELD_ORDER: readonly FieldName[] = [
  'slug',
  'name',
  'description',
  'methods',
  'timeoutSeconds',
  'bodyLimitKb',
  ...REQUEST_SCHEMA_FIELD_ORDER,
  ...ACCESS_FIELD_ORDER,
  'corsOrigins',
  'corsHeaders',
  'corsMaxAge',
  'asyncStatus',
  'asyncHeaders',
  'asyncBody',
  'callbackUrl',
  ...FAILURE_ALERT_FIELD_ORDER,
];
