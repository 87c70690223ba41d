/**
 * Where a JSON Schema (draft 2020-12) holds subschemas, so a walk visits schemas and never the
 * data inside `const`, `enum`, `default` or `examples` (where a `"$ref"` key is just data).
 */

/** Keywords whose value is one subschema. */
const ONE = [
  'not',
  'if',
  'then',
  'else',
  'items',
  'contains',
  'additionalProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
] as const;
/** Keywords whose value is a list of subschemas. */
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
/** Keywords whose value maps names to subschemas. */
const MAP = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const;

export type SchemaPath = Array<string | number>;

export function isSchemaObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Each direct subschema of `schema` with its path relative to `schema`. */
export function subschemasOf(schema: Record<string, unknown>): Array<{ path: SchemaPath; schema: unknown }> {
  const found: Array<{ path: SchemaPath; schema: unknown }> = [];
  for (const keyword of ONE)
    if (schema[keyword] !== undefined) found.push({ path: [keyword], schema: schema[keyword] });
  for (const keyword of LIST) {
    const list = schema[keyword];
    if (Array.isArray(list)) list.forEach((item, i) => found.push({ path: [keyword, i], schema: item }));
  }
  for (const keyword of MAP) {
    const map = schema[keyword];
    if (isSchemaObject(map))
      for (const [name, sub] of Object.entries(map)) found.push({ path: [keyword, name], schema: sub });
  }
  return found;
}

/** A copy of `schema` with `change` applied to it and, depth first, to every subschema. */
export function mapSchema(
  schema: unknown,
  change: (node: Record<string, unknown>) => Record<string, unknown>,
): unknown {
  if (!isSchemaObject(schema)) return schema;
  const copy: Record<string, unknown> = { ...schema };
  for (const keyword of ONE) if (copy[keyword] !== undefined) copy[keyword] = mapSchema(copy[keyword], change);
  for (const keyword of LIST) {
    const list = copy[keyword];
    if (Array.isArray(list)) copy[keyword] = list.map((item) => mapSchema(item, change));
  }
  for (const keyword of MAP) {
    const map = copy[keyword];
    if (isSchemaObject(map)) {
      copy[keyword] = Object.fromEntries(Object.entries(map).map(([name, sub]) => [name, mapSchema(sub, change)]));
    }
  }
  return change(copy);
}
