import { REQUEST_SCHEMA_MAX_BYTES, type RequestSchema } from '@contract';
import { isJsonSchema } from './types';

export type SchemaPart = keyof RequestSchema;
export type SchemaTexts = Record<SchemaPart, string>;

/** What the endpoint's `requestSchema` holds: a schema per part, or null for none at all. */
export type RequestSchemaValue = RequestSchema | null;

export type SchemaTextProblem = 'json' | 'notSchema' | 'tooLarge';

/** The editors' texts of a stored schema: pretty JSON, blank for a part without one. */
export function schemaTexts(value: RequestSchemaValue | undefined): SchemaTexts {
  const text = (schema: unknown) => (schema === undefined || schema === null ? '' : JSON.stringify(schema, null, 2));
  return { body: text(value?.body), query: text(value?.query) };
}

/**
 * The editors' texts as the admin API takes them: blank parts are left out, no part at all is
 * null. Problems per part when a text is not JSON, not a schema (an object or a boolean), or the
 * whole is too large.
 */
export function parseSchemaTexts(texts: SchemaTexts): {
  value: RequestSchemaValue;
  problems: Partial<Record<SchemaPart, SchemaTextProblem>>;
} {
  const value: RequestSchema = {};
  const problems: Partial<Record<SchemaPart, SchemaTextProblem>> = {};
  for (const part of ['body', 'query'] as const) {
    const text = texts[part].trim();
    if (!text) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      problems[part] = 'json';
      continue;
    }
    if (!isJsonSchema(parsed)) problems[part] = 'notSchema';
    else value[part] = parsed;
  }
  const result = Object.keys(value).length > 0 ? value : null;
  // The server counts the JSON text; UTF-8 bytes are never fewer, so nothing it takes is refused here.
  if (result && new TextEncoder().encode(JSON.stringify(result)).length > REQUEST_SCHEMA_MAX_BYTES) {
    const larger = texts.body.length >= texts.query.length ? 'body' : 'query';
    problems[larger] ??= 'tooLarge';
  }
  return { value: result, problems };
}
