import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defaultWorkerCount, parseOutboundAllow } from '@scriptgate/runner';
import { z } from 'zod';
import { SECRETS_KEY_FORMAT, decodeSecretsKey, hostConfigProblem } from './config-checks.js';

/** Parses "1mb", "512kb", "10 MB", "2048" (bytes). */
export function parseByteSize(value: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match) return null;
  const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.floor(Number(match[1]) * (units[unit] ?? 1));
}

const byteSize = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      const bytes = parseByteSize(value);
      if (bytes === null || bytes <= 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'expected a size such as 1mb, 512kb or 1048576' });
        return z.NEVER;
      }
      return bytes;
    });

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Absolute URL the server is reached at (for status URLs); derived from the request when unset. */
  PUBLIC_URL: z.string().url().optional(),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'expected a mongodb:// or mongodb+srv:// URI')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Driver of the embedded store: `auto` takes node:sqlite when this Node has it (22.13+), else better-sqlite3. */
  SQLITE_DRIVER: z.enum(['auto', 'node', 'better']).default('auto'),
  /** The embedded store works on its own thread (threaded-store.ts); `false` keeps it on the event loop. */
  SQLITE_THREAD: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Default and server-wide maximum time limit of a run. */
  SYNC_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  ASYNC_CONCURRENCY: int(4, 1, 1000),
  /** Runs an async process gets in all when crashes or lost leases cut it off (SPEC §4). */
  ASYNC_MAX_ATTEMPTS: int(2, 1, 10),
  /** How long a claimed async run is leased to its instance; renewed every third of it while it runs. */
  ASYNC_LEASE_MS: int(30_000, 1_000, 3_600_000),
  /** Sandbox worker processes: one per core but one (the runner's `defaultWorkerCount`). */
  RUNNER_WORKERS: int(defaultWorkerCount(availableParallelism()), 1, 64),
  /**
   * How long a run may first go on its worker's own thread, synchronously (runner's
   * sandbox/host/sync-slices.ts); 0 hands every run to its isolate's thread.
   */
  RUNNER_SYNC_SLICE_MS: int(20, 0, 1_000),
  ISOLATE_MEMORY_MB: int(64, 8, 4096),
  BODY_LIMIT: byteSize('1mb'),
  MULTIPART_LIMIT: byteSize('10mb'),
  /** How much of a request/response body is kept in the process record. */
  RECORD_BODY_LIMIT: byteSize('64kb'),
  RESULT_LIMIT: byteSize('5mb'),
  LOG_MAX_LINES: int(1000, 1, 100_000),
  LOG_MAX_BYTES: byteSize('256kb'),
  PROCESS_RETENTION_DAYS: z.coerce.number().positive().max(36_500).default(30),
  /** Most processes one export of the list holds (CSV or NDJSON); the rest is left out and the answer says so. */
  EXPORT_MAX_ROWS: int(10_000, 1, 1_000_000),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 7),
  /** Express "trust proxy": false, true, a hop count, or a comma-separated list of addresses/subnets. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string[] => {
      if (value === 'true') return true;
      if (value === 'false' || value === '') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean);
    }),
  ADMIN_EMAIL: z.string().email().default('admin@localhost.localdomain'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Grace period for running sync requests on SIGTERM. */
  SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
  /** Instance name used for async-queue leases; defaults to hostname + DATA_DIR. */
  INSTANCE_ID: z.string().min(1).max(200).optional(),
  SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * Key that seals secret values at rest (AES-256-GCM): 32 bytes as base64 or 64 hex characters.
   * Unset: the embedded store generates DATA_DIR/secrets.key; MongoDB refuses to store secrets.
   */
  SECRETS_KEY: z
    .string()
    .optional()
    .refine((value) => value === undefined || decodeSecretsKey(value) !== null, {
      message: `expected ${SECRETS_KEY_FORMAT}`,
    }),
  /** Failed sign-ins per account (any spelling of its email) within the window before it is refused. */
  SIGNIN_MAX_FAILURES: int(10, 1, 10_000),
  /** Failed sign-ins per client address (IPv6: per /64), across all emails, within the window. */
  SIGNIN_MAX_FAILURES_PER_ADDRESS: int(50, 1, 1_000_000),
  SIGNIN_WINDOW_SECONDS: int(900, 1, 86_400),
  /** Bearer token `/metrics` requires; unset: open (fine on a private network, set it in production). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Host names (optionally `:port`, or `*.example.com`) the server answers to. Unset: loopback
   * names when HOST is loopback; otherwise PUBLIC_URL must be set (see hostPolicy).
   */
  ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((part) => part.trim().toLowerCase())
            .filter(Boolean)
        : undefined,
    )
    .refine(
      (hosts) =>
        !hosts || hosts.every((host) => /^(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/.test(host)),
      {
        message:
          'expected a comma-separated list of host names such as example.com, app.example.com:8443 or *.example.com',
      },
    ),
  /** Sync runs of one endpoint handed to the runner at once on this instance. */
  ENDPOINT_MAX_INFLIGHT: int(64, 1, 10_000),
  /** Sync runs of one endpoint waiting for a place; past it `503 endpoint_busy`. */
  ENDPOINT_MAX_WAITING: int(64, 0, 100_000),
  /** Queued async runs of one endpoint; past it `503 endpoint_busy`. */
  ENDPOINT_MAX_QUEUED: int(10_000, 1, 10_000_000),
  /**
   * Private destinations `fetch`, callbacks and failure webhooks may reach after all: host names,
   * `host:port` or CIDR ranges, comma-separated. Everything else private is refused at connect time.
   */
  OUTBOUND_ALLOW: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((part) => part.trim())
            .filter(Boolean)
        : [],
    )
    .superRefine((entries, ctx) => {
      try {
        parseOutboundAllow(entries);
      } catch (err) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: (err as Error).message });
      }
    }),
  /** Largest response body a scenario's fetch reads (after decompression). */
  FETCH_MAX_BYTES: byteSize('5mb'),
  FETCH_MAX_PER_RUN: int(50, 1, 10_000),
  /** First retry delay of a callback; then twice, four times that (with jitter). */
  CALLBACK_RETRY_BASE_MS: int(10_000, 10, 3_600_000),
  /** SMTP server for ctx.mail.send and failure alerts: smtp://user:pass@host:587 or smtps://…:465. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'expected an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of every message (`Name <address>` or an address). */
  MAIL_FROM: z.string().min(3).optional(),
  /**
   * Who ctx.mail.send may write to: addresses (`ops@example.com`) and domains (`example.com`,
   * `@example.com`), comma-separated. Empty: nobody, so a scenario cannot become a spam relay.
   */
  MAIL_ALLOWED_RECIPIENTS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ? value
            .split(',')
            .map((part) => part.trim().toLowerCase())
            .filter(Boolean)
        : [],
    ),
  MAIL_MAX_PER_RUN: int(5, 0, 100),
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

/** The only reader of `process.env`. Throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') cleaned[key] = value;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  const nodeEnv = env.NODE_ENV ?? 'production';
  const hostProblem = hostConfigProblem({ ...values, NODE_ENV: nodeEnv });
  if (hostProblem) throw new ConfigError(`Invalid configuration:\n  ${hostProblem}`);
  return {
    ...values,
    DATA_DIR: resolve(values.DATA_DIR),
    NODE_ENV: nodeEnv,
  };
}
