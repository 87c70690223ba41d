import { z } from 'zod';
import { allowlistEntryProblem } from '../access/ip-allowlist.js';
import { HMAC_PRESETS, HTTP_METHODS, JWT_ALGORITHMS, SECRET_NAME_PATTERN, SLUG_PATTERN } from '../contract/index.js';
import { IMMEDIATE_ALLOWED_DESCRIPTION, isImmediateHeaderAllowed } from '../exchange/response-policy.js';
import { requestSchemaSetting } from './request-schema.js';

const HEADER_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const origin = z.string().refine((value) => {
  if (value === '*') return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}, 'must be "*" or an origin such as https://example.com (scheme, host and port only, no trailing slash)');

export const corsSchema = z
  .object({
    origins: z.array(origin).max(100).default([]),
    credentials: z.boolean().default(false),
    headers: z.array(z.string().regex(HEADER_TOKEN, 'must be a header name')).max(50).default([]),
    maxAgeSeconds: z.number().int().min(0).max(86_400).nullable().default(600),
    // Refuse calls from unlisted origins before the scenario runs (webrequest/cors.ts originRefused).
    enforce: z.boolean().default(true),
  })
  .strict()
  .refine((cors) => !(cors.credentials && cors.origins.includes('*')), {
    message: 'credentials need an explicit list of origins, not "*"',
    path: ['origins'],
  });

const writeOnly = (what: string) => z.string().min(1, `the ${what} must not be empty`).max(4096);
const optionalText = z
  .string()
  .trim()
  .max(2048)
  .nullable()
  .optional()
  .transform((value) => (value ? value : null));

/** `access` as the admin API takes it (AccessInput): write-only values in clear, omitted = kept. */
const accessSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('public') }).strict(),
  z
    .object({
      type: z.literal('basic'),
      username: z
        .string()
        .min(1, 'enter a username')
        .max(200)
        .refine((value) => !value.includes(':'), 'a Basic username cannot contain ":"'),
      password: writeOnly('password').optional(),
    })
    .strict(),
  z.object({ type: z.literal('apiKey') }).strict(),
  z
    .object({
      type: z.literal('hmac'),
      preset: z.enum(HMAC_PRESETS),
      toleranceSeconds: z.number().int().min(1).max(86_400).optional(),
      secret: writeOnly('secret').optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('jwt'),
      algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1, 'choose at least one algorithm').max(JWT_ALGORITHMS.length),
      secret: writeOnly('secret').optional(),
      publicKey: z.string().trim().max(16_384).nullable().optional(),
      jwksUrl: z
        .string()
        .url()
        .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
        .nullable()
        .optional(),
      issuer: optionalText,
      audience: optionalText,
      clockSkewSeconds: z.number().int().min(0).max(3600).optional(),
    })
    .strict(),
]);

const ipAllowlistSchema = z
  .array(
    z
      .string()
      .trim()
      .superRefine((entry, ctx) => {
        const problem = allowlistEntryProblem(entry);
        if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
      }),
  )
  .max(500);

const httpUrl = z
  .string()
  .url()
  .max(2048)
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

const failureAlertSchema = z
  .object({
    webhookUrl: httpUrl.nullable().default(null),
    email: z.string().email().max(320).nullable().default(null),
    maxPerHour: z.number().int().min(1).max(1000).default(10),
  })
  .strict();

const rateLimitSchema = z
  .object({
    requests: z.number().int().min(1).max(1_000_000),
    windowSeconds: z.number().int().min(1).max(86_400),
    by: z.enum(['ip', 'principal']).default('ip'),
    window: z.enum(['fixed', 'sliding']).default('sliding'),
  })
  .strict();

const asyncResponseSchema = z
  .object({
    status: z.number().int().min(200).max(599),
    // The immediate answer is always JSON and sandboxed: only caching hints and x- headers.
    headers: z
      .record(
        z
          .string()
          .regex(HEADER_TOKEN, 'must be a header name')
          .refine(
            isImmediateHeaderAllowed,
            `not allowed on the immediate answer; allowed: ${IMMEDIATE_ALLOWED_DESCRIPTION}`,
          ),
        z.string().regex(/^[\t\x20-\x7e\x80-\xff]*$/, 'must be printable Latin-1 text (no control characters)'),
      )
      .default({}),
    body: z.unknown().transform((value) => value ?? null),
  })
  .strict();

export function endpointFields(maxTimeoutMs: number) {
  return {
    slug: z
      .string()
      .regex(
        SLUG_PATTERN,
        'lower-case letters, digits, "-" and "_"; starts with a letter or digit; at most 64 characters',
      ),
    name: z.string().trim().max(200),
    description: z.string().max(5000),
    enabled: z.boolean(),
    methods: z
      .array(z.enum(HTTP_METHODS))
      .min(1, 'choose at least one method')
      .transform((methods) => [...new Set(methods)]),
    alwaysAsync: z.boolean(),
    timeoutMs: z
      .number()
      .int()
      .min(100)
      .max(maxTimeoutMs, `at most ${maxTimeoutMs} ms (the server maximum)`)
      .nullable(),
    cors: corsSchema,
    access: accessSchema,
    ipAllowlist: ipAllowlistSchema,
    rateLimit: rateLimitSchema.nullable(),
    failureAlert: failureAlertSchema.nullable(),
    asyncResponse: asyncResponseSchema.nullable(),
    callbackUrl: z
      .string()
      .url()
      .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL')
      .nullable(),
    bodyLimitBytes: z
      .number()
      .int()
      .min(1)
      .max(100 * 1024 * 1024)
      .nullable(),
    cspSandbox: z.boolean(),
    secrets: z
      .array(
        z.string().regex(SECRET_NAME_PATTERN, 'a secret name: letters, digits and "_", starting with a letter or "_"'),
      )
      .max(200)
      .transform((names) => [...new Set(names)].sort()),
    requestSchema: requestSchemaSetting,
    documented: z.boolean(),
  };
}

export const scenarioSchema = z
  .object({
    code: z.string().max(1024 * 1024, 'at most 1 MB of code'),
    language: z.enum(['javascript', 'typescript']).default('javascript'),
  })
  .strict();

export const DEFAULT_CODE = `export default async function handler(request, ctx) {
  ctx.log.info('called with', request.method, request.subpath);
  return { ok: true, received: request.body };
}
`;
