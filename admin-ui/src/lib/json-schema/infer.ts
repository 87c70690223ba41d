import type { JsonSchemaObject } from './types';

/**
 * Proposes a JSON Schema (2020-12) from recorded values, for "derive from a past process": the
 * types seen, nested objects and arrays, `required` = the keys every sample has, and a `format`
 * for strings when every sample is an email address, a date-time or a URI. A proposal to edit,
 * not a contract: it never closes objects (`additionalProperties`), so callers that send more
 * keys are not refused by a schema nobody has read yet.
 */
export function inferSchema(samples: readonly unknown[]): JsonSchemaObject {
  return infer(samples, 0);
}

/**
 * The same for a recorded query: every value arrived as text, and the server validates the query
 * with type coercion, so numbers and booleans written as text are proposed as numbers and booleans.
 */
export function inferQuerySchema(query: Record<string, unknown>): JsonSchemaObject {
  return infer([fromQueryText(query)], 0);
}

/** Deeper than this, a value is described as "anything" (recorded bodies are nested at most 64 levels). */
const MAX_DEPTH = 32;

type Kind = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function kindOf(value: unknown): Kind | null {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return null;
}

function infer(samples: readonly unknown[], depth: number): JsonSchemaObject {
  if (depth > MAX_DEPTH) return {};
  const byKind = new Map<Kind, unknown[]>();
  for (const sample of samples) {
    const kind = kindOf(sample);
    if (!kind) continue;
    const list = byKind.get(kind) ?? [];
    list.push(sample);
    byKind.set(kind, list);
  }
  // An integer seen beside a fraction is a number.
  if (byKind.has('integer') && byKind.has('number')) {
    byKind.set('number', [...byKind.get('number')!, ...byKind.get('integer')!]);
    byKind.delete('integer');
  }
  const kinds = [...byKind.keys()];
  if (kinds.length === 0) return {};
  if (kinds.length === 1) return forKind(kinds[0]!, byKind.get(kinds[0]!)!, depth);
  const structured = kinds.filter((kind) => kind === 'object' || kind === 'array');
  // Scalars only (e.g. a string or null): one `type` list reads better than anyOf.
  if (structured.length === 0 && !kinds.includes('string')) return { type: kinds };
  if (structured.length === 0) {
    const text = forKind('string', byKind.get('string')!, depth);
    return { ...text, type: kinds };
  }
  // An object (or list) that may be null: one schema with `type: [..., "null"]`.
  if (structured.length === 1 && kinds.length === 2 && byKind.has('null')) {
    const main = forKind(structured[0]!, byKind.get(structured[0]!)!, depth);
    return { ...main, type: kinds };
  }
  return { anyOf: kinds.map((kind) => forKind(kind, byKind.get(kind)!, depth)) };
}

function forKind(kind: Kind, values: unknown[], depth: number): JsonSchemaObject {
  switch (kind) {
    case 'string': {
      const format = commonFormat(values as string[]);
      return format ? { type: 'string', format } : { type: 'string' };
    }
    case 'array': {
      const items = (values as unknown[][]).flat();
      return items.length ? { type: 'array', items: infer(items, depth + 1) } : { type: 'array' };
    }
    case 'object':
      return objectSchema(values as Array<Record<string, unknown>>, depth);
    default:
      return { type: kind };
  }
}

function objectSchema(values: Array<Record<string, unknown>>, depth: number): JsonSchemaObject {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    for (const key of Object.keys(value)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  // Object.fromEntries defines own properties, so a key named "__proto__" stays a key.
  const properties = Object.fromEntries(
    keys.map((key) => [
      key,
      infer(
        values.filter((value) => Object.hasOwn(value, key)).map((value) => value[key]),
        depth + 1,
      ),
    ]),
  );
  const required = keys.filter((key) => values.every((value) => Object.hasOwn(value, key)));
  const schema: JsonSchemaObject = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  return schema;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// RFC 3339 date-time, as ajv-formats checks it: a date, "T", a time and a zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})$/;

function isUri(value: string): boolean {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(value) || /\s/.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

const FORMATS: Array<[name: string, matches: (value: string) => boolean]> = [
  ['email', (value) => EMAIL.test(value)],
  ['date-time', isDateTime],
  ['uri', isUri],
];

function commonFormat(values: readonly string[]): string | null {
  if (values.length === 0) return null;
  return FORMATS.find(([, matches]) => values.every(matches))?.[0] ?? null;
}

/** "2" → 2, "true" → true, nested objects and lists alike; other text stays text. */
function fromQueryText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromQueryText);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fromQueryText(item)]));
  }
  if (typeof value !== 'string') return value;
  if (/^-?(?:0|[1-9]\d{0,14})$/.test(value)) return Number(value);
  if (/^-?(?:0|[1-9]\d{0,14})\.\d{1,15}$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
