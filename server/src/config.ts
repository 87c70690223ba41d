import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

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

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

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
  /** Default and server-wide maximum time limit of a run. */
  SYNC_TIMEOUT_MS: int(60_000, 100, 3_600_000),
  ASYNC_CONCURRENCY: int(4, 1, 1000),
  RUNNER_WORKERS: int(Math.max(1, availableParallelism()), 1, 64),
  ISOLATE_MEMORY_MB: int(64, 8, 4096),
  BODY_LIMIT: byteSize('1mb'),
  MULTIPART_LIMIT: byteSize('10mb'),
  /** How much of a request/response body is kept in the process record. */
  RECORD_BODY_LIMIT: byteSize('64kb'),
  RESULT_LIMIT: byteSize('5mb'),
  LOG_MAX_LINES: int(1000, 1, 100_000),
  LOG_MAX_BYTES: byteSize('256kb'),
  PROCESS_RETENTION_DAYS: z.coerce.number().positive().max(36_500).default(30),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  /** Express "trust proxy": false, true, a hop count, or a comma-separated list of addresses/subnets. */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value): boolean | number | string[] => {
      if (value === 'true') return true;
      if (value === 'false' || value === '') return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value.split(',').map((part) => part.trim()).filter(Boolean);
    }),
  ADMIN_EMAIL: z.string().email().default('admin@localhost.localdomain'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Grace period for running sync requests on SIGTERM. */
  SHUTDOWN_GRACE_MS: int(10_000, 0, 600_000),
  /** Instance name used for async-queue leases; defaults to hostname + DATA_DIR. */
  INSTANCE_ID: z.string().min(1).max(200).optional(),
  SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
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
  return { ...values, DATA_DIR: resolve(values.DATA_DIR), NODE_ENV: env.NODE_ENV ?? 'production' };
}
