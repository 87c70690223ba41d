import type { z } from 'zod';
import { AppError } from '../core/app-error.js';

/**
 * Validation at the edge: every admin payload and query is parsed with a zod schema, and a
 * failure becomes one `400 validation_failed` naming each bad field.
 */

/** zod issues → `400 validation_failed` with a message per field path. */
export function validationError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    fields[path] ??= issue.message;
  }
  const summary = Object.entries(fields)
    .map(([path, message]) => `${path}: ${message}`)
    .join('; ');
  return new AppError('validation_failed', `Invalid input — ${summary}`, { details: { fields } });
}

export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
