import { z } from 'zod';
import { REQUEST_SCHEMA_MAX_BYTES, type RequestSchema } from '../contract/index.js';
import { compileSchema, metaSchemaErrors } from './json-schema-engine.js';
import { patternRisk } from './pattern-risk.js';
import { isSchemaObject, subschemasOf, type SchemaPath } from './schema-positions.js';

/**
 * The `requestSchema` setting: what the admin API accepts, and every reason a schema is
 * refused (`400 validation_failed`, `details.fields` keyed by the dotted path of the bad part,
 * such as `requestSchema.body.properties.email.format`). A schema is untrusted input: it is
 * size-capped, may refer only inside itself, and may not hold a construct that lets a caller
 * make its check slow.
 */

export interface SchemaProblem {
  /** Path inside `requestSchema`: ['body', 'properties', 'email', 'format']. */
  path: SchemaPath;
  message: string;
}

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Widest array whose items `uniqueItems` may compare pairwise (quadratic) when they are not scalars. */
export const UNIQUE_ITEMS_MAX = 1000;

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** Identifiers that would let a schema refer outside itself, or resolve differently once embedded in the OpenAPI document. */
const NOT_ALLOWED: Record<string, string> = {
  $id: 'is not allowed: a request schema is one document; refer to its parts with $ref "#/$defs/…"',
  $anchor: 'is not allowed: refer to parts with $ref "#/$defs/…"',
  $dynamicAnchor: 'is not allowed in a request schema',
  $dynamicRef: 'is not allowed in a request schema',
};

function scalarItems(items: unknown): boolean {
  if (!isSchemaObject(items)) return false;
  const types = Array.isArray(items.type) ? items.type : [items.type];
  return types.length > 0 && types.every((type) => typeof type === 'string' && SCALAR_TYPES.has(type));
}

/** Problems of one schema position (not its subschemas). */
function ownProblems(schema: Record<string, unknown>, path: SchemaPath, root: boolean): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const add = (keyword: string | number, message: string) => problems.push({ path: [...path, keyword], message });
  for (const [keyword, message] of Object.entries(NOT_ALLOWED))
    if (Object.hasOwn(schema, keyword)) add(keyword, message);
  if (Object.hasOwn(schema, '$schema') && (!root || schema.$schema !== DIALECT)) {
    add('$schema', root ? `must be "${DIALECT}" (draft 2020-12) or left out` : 'is allowed only at the top');
  }
  if (Object.hasOwn(schema, '$ref') && !(typeof schema.$ref === 'string' && schema.$ref.startsWith('#'))) {
    add('$ref', 'must refer inside this schema ("#/$defs/…"): remote references are not fetched');
  }
  if (typeof schema.pattern === 'string') {
    const risk = patternRisk(schema.pattern);
    if (risk) add('pattern', risk);
  }
  if (isSchemaObject(schema.patternProperties)) {
    for (const key of Object.keys(schema.patternProperties)) {
      const risk = patternRisk(key);
      if (risk) problems.push({ path: [...path, 'patternProperties', key], message: risk });
    }
  }
  if (schema.uniqueItems === true && !scalarItems(schema.items)) {
    const max = schema.maxItems;
    if (typeof max !== 'number' || max > UNIQUE_ITEMS_MAX) {
      add(
        'uniqueItems',
        `needs "maxItems" of at most ${UNIQUE_ITEMS_MAX} beside it, or "items" of a scalar type: comparing every pair of a long array of objects is slow`,
      );
    }
  }
  return problems;
}

/** Problems of `schema` and every subschema in it: what must not reach Ajv, however the schema was stored. */
export function safetyProblems(schema: unknown, path: SchemaPath, root = false): SchemaProblem[] {
  if (!isSchemaObject(schema)) return [];
  if (Object.hasOwn(schema, '__proto__')) return [{ path, message: 'must not have a key named "__proto__"' }];
  const problems = ownProblems(schema, path, root);
  for (const [keyword, map] of Object.entries(schema)) {
    if (
      isSchemaObject(map) &&
      Object.hasOwn(map, '__proto__') &&
      ['properties', 'patternProperties', '$defs', 'dependentSchemas'].includes(keyword)
    ) {
      problems.push({ path: [...path, keyword], message: 'must not name "__proto__"' });
    }
  }
  for (const sub of subschemasOf(schema)) problems.push(...safetyProblems(sub.schema, [...path, ...sub.path]));
  return problems;
}

/** A JSON Pointer (`/properties/a~1b`) as path segments. */
function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '#') return [];
  return pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Where Ajv's compile error points: its own `at "#/…"`, or the first position of the unknown keyword it names. */
function compileErrorPath(message: string, schema: unknown): SchemaPath {
  const at = /at (?:path )?"(#[^"]*)"/.exec(message);
  if (at) return pointerSegments(at[1]!);
  const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
  if (!keyword) return [];
  const find = (value: unknown, path: SchemaPath): SchemaPath | null => {
    if (!isSchemaObject(value) && !Array.isArray(value)) return null;
    if (isSchemaObject(value) && Object.hasOwn(value, keyword)) return [...path, keyword];
    for (const [key, sub] of Object.entries(value)) {
      const found = find(sub, [...path, Array.isArray(value) ? Number(key) : key]);
      if (found) return found;
    }
    return null;
  };
  return find(schema, []) ?? [];
}

/** Every reason one part's schema (`body` or `query`) is refused; empty when it is usable. */
function partProblems(part: 'body' | 'query', schema: unknown): SchemaProblem[] {
  const at = (path: SchemaPath, message: string): SchemaProblem => ({ path: [part, ...path], message });
  if (typeof schema !== 'boolean' && !isSchemaObject(schema))
    return [at([], 'must be a JSON Schema: an object, true or false')];
  if (part === 'query' && !(isSchemaObject(schema) && schema.type === 'object')) {
    return [
      at(
        ['type'],
        'the query schema must describe an object: "type": "object", with its parameters under "properties"',
      ),
    ];
  }
  const unsafe = safetyProblems(schema, [], true);
  if (unsafe.length > 0) return unsafe.map((problem) => at(problem.path, problem.message));
  const meta = metaSchemaErrors(schema);
  if (meta.length > 0) {
    return meta.slice(0, 5).map((error) => at(pointerSegments(error.instancePath), error.message ?? 'is invalid'));
  }
  try {
    compileSchema(schema, 'plain');
  } catch (err) {
    const message = (err as Error).message.replace(/^strict mode: /, '');
    return [at(compileErrorPath(message, schema), message)];
  }
  return [];
}

/** Every reason `requestSchema` is refused; empty when it can be saved. */
export function requestSchemaProblems(value: RequestSchema): SchemaProblem[] {
  const size = Buffer.byteLength(JSON.stringify(value));
  if (size > REQUEST_SCHEMA_MAX_BYTES) {
    return [{ path: [], message: `at most ${REQUEST_SCHEMA_MAX_BYTES / 1024} KB as JSON (this one is ${size} bytes)` }];
  }
  return (['body', 'query'] as const).flatMap((part) =>
    value[part] === undefined ? [] : partProblems(part, value[part]),
  );
}

/** The setting as the admin API takes it; `null` (or `{}`) means requests are not checked. */
export const requestSchemaSetting = z
  .object({ body: z.unknown().optional(), query: z.unknown().optional() })
  .strict()
  .nullable()
  .superRefine((value, ctx) => {
    if (value === null) return;
    for (const problem of requestSchemaProblems(value as RequestSchema)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: problem.path, message: problem.message });
    }
  })
  .transform((value): RequestSchema | null => {
    if (value === null || (value.body === undefined && value.query === undefined)) return null;
    return value as RequestSchema;
  });
