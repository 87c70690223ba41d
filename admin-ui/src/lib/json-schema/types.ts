import type { JsonSchema } from '@contract';

/**
 * A JSON Schema as the admin reads it: JSON someone typed or the server returned, so every
 * keyword is checked before it is used. `true` accepts anything, `false` nothing.
 */
export type { JsonSchema };
export type JsonSchemaObject = Exclude<JsonSchema, boolean>;

export function isSchemaObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isJsonSchema(value: unknown): value is JsonSchema {
  return typeof value === 'boolean' || isSchemaObject(value);
}

const TYPE_NAMES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);
export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/**
 * The JSON types a schema names (`type: "string"` or `type: ["string", "null"]`). Without `type`,
 * `properties` imply an object and `items` an array, as most hand-written schemas mean them.
 */
export function schemaTypes(schema: JsonSchemaObject): SchemaType[] {
  const declared = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const types = declared.filter((name): name is SchemaType => typeof name === 'string' && TYPE_NAMES.has(name));
  if (types.length > 0) return [...new Set(types)];
  if (isSchemaObject(schema.properties) || isSchemaObject(schema.additionalProperties)) return ['object'];
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return ['array'];
  return [];
}

/** `required`, keeping only strings (a schema typed by hand may hold anything there). */
export function requiredOf(schema: JsonSchemaObject): Set<string> {
  return new Set(Array.isArray(schema.required) ? schema.required.filter((key) => typeof key === 'string') : []);
}

/** `properties` as entries in the order written, skipping anything that is not a schema. */
export function propertiesOf(schema: JsonSchemaObject): Array<[string, JsonSchema]> {
  if (!isSchemaObject(schema.properties)) return [];
  return Object.entries(schema.properties).filter((entry): entry is [string, JsonSchema] => isJsonSchema(entry[1]));
}

/**
 * The schema a local `$ref` (`#`, `#/$defs/Name`, `#/definitions/Name`, any JSON Pointer into the
 * root) points at; undefined for anything else, remote references included.
 */
export function resolveLocalRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    } catch {
      return undefined;
    }
    if (!isSchemaObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return isJsonSchema(node) ? node : undefined;
}
