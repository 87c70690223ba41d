import {
  isJsonSchema,
  isSchemaObject,
  propertiesOf,
  requiredOf,
  resolveLocalRef,
  schemaTypes,
  type JsonSchema,
  type JsonSchemaObject,
} from '../../../lib/json-schema/types';

/**
 * JSON Schema → TypeScript, for the common subset a request schema uses: `type` (lists of types
 * for nullable values), `properties`/`required`, `items`/`prefixItems`, `enum`, `const`,
 * `anyOf`/`oneOf`/`allOf`, `additionalProperties`, and `$ref` into the same document (`#/$defs/…`
 * become named types). Anything else is `unknown`, so the editor never claims more than the
 * schema says. Formats stay `string` (noted in the hover text).
 *
 * One choice differs from JSON Schema on purpose: an object with `properties` and no
 * `additionalProperties` is typed closed, so `request.body.emial` is an error in the editor
 * although the server would let other keys through. Write `additionalProperties: true` (or a
 * schema) to read keys the schema does not list.
 */

/** `json`: the body as parsed. `query`: every value is text (the scenario gets the query as sent). */
type Mode = 'json' | 'query';

/** The schema is untrusted input: past this many schema nodes, the rest is `unknown`. */
const MAX_NODES = 5_000;
const MAX_DEPTH = 32;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

class Converter {
  private nodes = 0;
  private readonly named = new Map<string, string>();
  private readonly pending: Array<[name: string, schema: JsonSchema]> = [];
  readonly declarations: string[] = [];

  constructor(
    private readonly root: JsonSchema,
    private readonly rootName: string,
    private readonly mode: Mode,
  ) {}

  run(): void {
    this.declarations.push(`type ${this.rootName} = ${this.convert(this.root, 0)};`);
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      this.declarations.push(`type ${next[0]} = ${this.convert(next[1], 0)};`);
    }
  }

  private convert(schema: JsonSchema, depth: number, level = 0): string {
    this.nodes += 1;
    if (this.nodes > MAX_NODES || depth > MAX_DEPTH) return 'unknown';
    if (schema === true) return 'unknown';
    if (schema === false) return 'never';
    const literals = this.literals(schema);
    if (literals) return literals;
    const parts: string[] = [];
    if (typeof schema.$ref === 'string') parts.push(this.reference(schema.$ref, depth, level));
    const types = schemaTypes(schema);
    if (types.length > 0) parts.push(union(types.map((type) => this.ofType(type, schema, depth, level))));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      const options = subschemas(schema[keyword]);
      if (options.length > 0) parts.push(union(options.map((option) => this.convert(option, depth + 1, level))));
    }
    for (const part of subschemas(schema.allOf)) parts.push(this.convert(part, depth + 1, level));
    const known = parts.filter((part) => part !== 'unknown');
    if (known.length === 0) return 'unknown';
    return known.length === 1 ? known[0]! : known.map(parenthesize).join(' & ');
  }

  /** `const` and `enum` as literal types; null when the schema has neither (or holds objects in them). */
  private literals(schema: JsonSchemaObject): string | null {
    const values = Object.hasOwn(schema, 'const') ? [schema.const] : Array.isArray(schema.enum) ? schema.enum : null;
    if (!values || values.length === 0) return null;
    const rendered = values.map((value) => this.literal(value));
    if (rendered.includes(null)) return null;
    return union(rendered as string[]);
  }

  private literal(value: unknown): string | null {
    if (this.mode === 'query' && value !== null && typeof value !== 'object') return JSON.stringify(String(value));
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return JSON.stringify(value);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    return null;
  }

  private ofType(type: string, schema: JsonSchemaObject, depth: number, level: number): string {
    switch (type) {
      case 'string':
        return 'string';
      case 'number':
      case 'integer':
        return this.mode === 'query' ? 'string' : 'number';
      case 'boolean':
        return this.mode === 'query' ? 'string' : 'boolean';
      case 'null':
        return this.mode === 'query' ? 'string' : 'null';
      case 'array':
        return this.array(schema, depth, level);
      case 'object':
        return this.object(schema, depth, level);
      default:
        return 'unknown';
    }
  }

  private array(schema: JsonSchemaObject, depth: number, level: number): string {
    const prefix = subschemas(schema.prefixItems);
    const rest = isJsonSchema(schema.items) ? schema.items : true;
    if (prefix.length > 0) {
      const head = prefix.map((item) => this.convert(item, depth + 1, level));
      if (rest === false) return `[${head.join(', ')}]`;
      return `[${[...head, `...${parenthesize(this.convert(rest, depth + 1, level))}[]`].join(', ')}]`;
    }
    return `${parenthesize(this.convert(rest, depth + 1, level))}[]`;
  }

  /** `level`: how deep the object literal sits in the text, for its indentation. */
  private object(schema: JsonSchemaObject, depth: number, level: number): string {
    const properties = propertiesOf(schema);
    const required = requiredOf(schema);
    const indent = '  '.repeat(level + 1);
    const lines: string[] = [];
    for (const [key, property] of properties) {
      const doc = docComment(property, indent);
      if (doc) lines.push(doc);
      const optional = required.has(key) ? '' : '?';
      lines.push(
        `${indent}${IDENTIFIER.test(key) ? key : JSON.stringify(key)}${optional}: ${this.convert(property, depth + 1, level + 1)};`,
      );
    }
    const index = this.indexSignature(schema, properties.length > 0, depth, level + 1);
    if (index) lines.push(`${indent}[key: string]: ${index};`);
    if (lines.length === 0) return '{}';
    return `{\n${lines.join('\n')}\n${'  '.repeat(level)}}`;
  }

  /**
   * Keys beyond `properties`: typed by `additionalProperties` (or `patternProperties`). Beside
   * named properties the index type must admit theirs too, so it is `unknown` there.
   */
  private indexSignature(
    schema: JsonSchemaObject,
    hasProperties: boolean,
    depth: number,
    level: number,
  ): string | null {
    const additional = schema.additionalProperties;
    const patterns = isSchemaObject(schema.patternProperties)
      ? subschemas(Object.values(schema.patternProperties))
      : [];
    if (additional === false && patterns.length === 0) return null;
    if (additional === undefined && patterns.length === 0) return hasProperties ? null : 'unknown';
    if (hasProperties) return 'unknown';
    const options = [...(isJsonSchema(additional) && additional !== false ? [additional] : []), ...patterns];
    return union(options.map((option) => this.convert(option, depth + 1, level)));
  }

  private reference(ref: string, depth: number, level: number): string {
    if (ref === '#') return this.rootName;
    const target = resolveLocalRef(this.root, ref);
    if (target === undefined) return 'unknown';
    const definition = /^#\/(?:\$defs|definitions)\/([^/]+)$/.exec(ref);
    if (!definition) return this.convert(target, depth + 1, level);
    let name = this.named.get(ref);
    if (!name) {
      name = this.uniqueName(definition[1]!);
      this.named.set(ref, name);
      this.pending.push([name, target]);
    }
    return name;
  }

  private uniqueName(definition: string): string {
    const words = definition
      .replace(/~1/g, '/')
      .replace(/~0/g, '~')
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean);
    const base = `${this.rootName}${words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('') || 'Def'}`;
    const taken = new Set([this.rootName, ...this.named.values()]);
    let name = base;
    for (let n = 2; taken.has(name); n += 1) name = `${base}${n}`;
    return name;
  }
}

function subschemas(value: unknown): JsonSchema[] {
  return Array.isArray(value) ? value.filter(isJsonSchema) : [];
}

function union(parts: readonly string[]): string {
  const unique = [...new Set(parts)];
  if (unique.includes('unknown')) return 'unknown';
  const known = unique.filter((part) => part !== 'never');
  if (known.length === 0) return 'never';
  return known.length === 1 ? known[0]! : known.map(parenthesize).join(' | ');
}

/** Wraps unions and intersections where an array suffix or another operator would bind into them. */
function parenthesize(type: string): string {
  return /[|&]/.test(topLevel(type)) ? `(${type})` : type;
}

/** The type text with every bracketed or quoted part removed, to see its top-level operators. */
function topLevel(type: string): string {
  let depth = 0;
  let out = '';
  let quoted = false;
  for (let i = 0; i < type.length; i += 1) {
    const char = type[i]!;
    if (quoted) {
      if (char === '\\') i += 1;
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === '"') quoted = true;
    else if ('{[('.includes(char)) depth += 1;
    else if ('}])'.includes(char)) depth -= 1;
    else if (depth === 0) out += char;
  }
  return out;
}

function docComment(schema: JsonSchema, indent: string): string | null {
  if (!isSchemaObject(schema)) return null;
  const text = [schema.title, schema.description].filter((part): part is string => typeof part === 'string' && !!part);
  if (typeof schema.format === 'string') text.push(`Format: ${schema.format}.`);
  if (text.length === 0) return null;
  const body = text.join(' — ').replace(/\*\//g, '*\\/').replace(/\r?\n/g, ' ');
  return `${indent}/** ${body} */`;
}

/** The declarations of one schema: the root type named `rootName`, then one type per `$defs` entry used. */
export function schemaToTypeScript(schema: unknown, rootName: string, mode: Mode = 'json'): string {
  if (!isJsonSchema(schema)) return `type ${rootName} = unknown;`;
  const converter = new Converter(schema, rootName, mode);
  converter.run();
  return converter.declarations.join('\n');
}

export interface RequestSchemaLike {
  body?: unknown;
  query?: unknown;
}

/**
 * The extra typings of one endpoint: `RequestBody` and `RequestQuery` from its schemas, merged
 * into the sandbox typings' `ScenarioRequestSchema`, which types `request.body` and
 * `request.query`. Empty when there is no schema (both stay as loose as before).
 */
export function requestTypings(schemas: RequestSchemaLike | null | undefined): string {
  if (!schemas) return '';
  const parts: string[] = [];
  const members: string[] = [];
  if (schemas.body !== undefined && schemas.body !== null) {
    parts.push(schemaToTypeScript(schemas.body, 'RequestBody', 'json'));
    members.push('  body: RequestBody;');
  }
  if (schemas.query !== undefined && schemas.query !== null) {
    parts.push(schemaToTypeScript(schemas.query, 'RequestQuery', 'query'));
    members.push('  query: RequestQuery;');
  }
  if (members.length === 0) return '';
  return [
    "// From this endpoint's request schema (Settings → Request schema). Query values are text, as sent.",
    ...parts,
    'interface ScenarioRequestSchema {',
    ...members,
    '}',
    '',
  ].join('\n');
}
