import type { RequestValidationError } from '@contract';
import {
  isSchemaObject,
  propertiesOf,
  requiredOf,
  resolveLocalRef,
  schemaTypes,
  type JsonSchema,
  type JsonSchemaObject,
} from '../../../lib/json-schema/types';

/**
 * The test-run form, generated from the endpoint's body schema: one field per property, nested
 * objects as groups, `enum`s as selects, booleans as checkboxes, numbers as number inputs,
 * arrays of scalars as lists. What the form cannot offer as a control (unions, arrays of
 * objects, anything untyped) is a small JSON box, so every schema still gets a form.
 */

export type ScalarKind = 'string' | 'number' | 'integer' | 'boolean';

interface FieldBase {
  /** JSON Pointer of the value in the body ('' for the body itself). */
  pointer: string;
  /** The property name; null for the body. */
  name: string | null;
  label: string;
  description: string | null;
  required: boolean;
  /** The schema's `default` (or its single `const`), filled in when the form starts. */
  initial?: unknown;
}

export type FormField =
  | (FieldBase & { kind: 'object'; fields: FormField[] })
  | (FieldBase & { kind: 'text'; format: string | null })
  | (FieldBase & { kind: 'number'; integer: boolean })
  | (FieldBase & { kind: 'boolean' })
  | (FieldBase & { kind: 'enum'; options: unknown[] })
  | (FieldBase & { kind: 'list'; item: ScalarKind; options: unknown[] | null })
  | (FieldBase & { kind: 'json' });

/** Past these the rest of a schema is offered as JSON: a form of thousands of fields helps nobody. */
const MAX_FIELDS = 300;
const MAX_DEPTH = 8;

/** The form of a body schema; null when the body is not an object (then the JSON builder is the way). */
export function buildSchemaForm(schema: unknown): (FieldBase & { kind: 'object'; fields: FormField[] }) | null {
  if (!isSchemaObject(schema)) return null;
  const builder = new FormBuilder(schema);
  const root = builder.field(schema, { pointer: '', name: null, label: '', description: null, required: true }, 0);
  return root.kind === 'object' ? root : null;
}

class FormBuilder {
  private count = 0;
  constructor(private readonly root: JsonSchema) {}

  field(raw: JsonSchema, base: FieldBase, depth: number): FormField {
    this.count += 1;
    const schema = this.flatten(raw, 0);
    if (!schema || this.count > MAX_FIELDS || depth > MAX_DEPTH) return { ...base, kind: 'json' };
    const described: FieldBase = {
      ...base,
      description: base.description ?? text(schema.description) ?? text(schema.title),
      ...(Object.hasOwn(schema, 'default') ? { initial: schema.default } : {}),
      ...(Object.hasOwn(schema, 'const') ? { initial: schema.const } : {}),
    };
    const options = enumOf(schema);
    if (options) return { ...described, kind: 'enum', options };
    // `["string", "null"]`: an optional value is left out rather than sent as null.
    const types = schemaTypes(schema).filter((type) => type !== 'null');
    if (types.length !== 1 || hasUnion(schema)) return { ...described, kind: 'json' };
    const type = types[0]!;
    switch (type) {
      case 'object':
        return { ...described, kind: 'object', fields: this.properties(schema, base.pointer, depth) };
      case 'string':
        return { ...described, kind: 'text', format: text(schema.format) };
      case 'number':
      case 'integer':
        return { ...described, kind: 'number', integer: type === 'integer' };
      case 'boolean':
        return { ...described, kind: 'boolean' };
      case 'array':
        return this.list(schema, described);
      default:
        return { ...described, kind: 'json' };
    }
  }

  private properties(schema: JsonSchemaObject, pointer: string, depth: number): FormField[] {
    const required = requiredOf(schema);
    return propertiesOf(schema).map(([name, property]) =>
      this.field(
        property,
        {
          pointer: `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          name,
          label: name,
          description: null,
          required: required.has(name),
        },
        depth + 1,
      ),
    );
  }

  private list(schema: JsonSchemaObject, base: FieldBase): FormField {
    const items = isSchemaObject(schema.items) ? this.flatten(schema.items, 0) : null;
    if (!items || Array.isArray(schema.prefixItems)) return { ...base, kind: 'json' };
    const options = enumOf(items);
    const types = schemaTypes(items).filter((type) => type !== 'null');
    if (options) return { ...base, kind: 'list', item: scalarOf(options), options };
    const type = types[0];
    if (types.length !== 1 || hasUnion(items) || !isScalar(type)) return { ...base, kind: 'json' };
    return { ...base, kind: 'list', item: type, options: null };
  }

  /** Follows local `$ref`s and folds `allOf` into one schema (properties and required merged). */
  private flatten(raw: JsonSchema, hops: number): JsonSchemaObject | null {
    if (!isSchemaObject(raw) || hops > 16) return null;
    let schema: JsonSchemaObject = raw;
    if (typeof raw.$ref === 'string') {
      const target = resolveLocalRef(this.root, raw.$ref);
      const resolved = target === undefined ? null : this.flatten(target, hops + 1);
      if (!resolved) return null;
      const { $ref: _ref, ...rest } = raw;
      schema = merge(resolved, rest);
    }
    if (Array.isArray(schema.allOf)) {
      const { allOf, ...rest } = schema;
      let merged: JsonSchemaObject = rest;
      for (const part of allOf as unknown[]) {
        const flat = isSchemaObject(part) ? this.flatten(part, hops + 1) : null;
        if (!flat) return null;
        merged = merge(merged, flat);
      }
      schema = merged;
    }
    return schema;
  }
}

function merge(a: JsonSchemaObject, b: JsonSchemaObject): JsonSchemaObject {
  const properties =
    isSchemaObject(a.properties) || isSchemaObject(b.properties)
      ? { ...(isSchemaObject(a.properties) ? a.properties : {}), ...(isSchemaObject(b.properties) ? b.properties : {}) }
      : undefined;
  const required = [...requiredOf(a), ...requiredOf(b)];
  return {
    ...a,
    ...b,
    ...(properties ? { properties } : {}),
    ...(required.length ? { required: [...new Set(required)] } : {}),
  };
}

function hasUnion(schema: JsonSchemaObject): boolean {
  return Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf);
}

function enumOf(schema: JsonSchemaObject): unknown[] | null {
  if (Object.hasOwn(schema, 'const')) return [schema.const];
  return Array.isArray(schema.enum) && schema.enum.length > 0 ? schema.enum : null;
}

function isScalar(type: string | undefined): type is ScalarKind {
  return type === 'string' || type === 'number' || type === 'integer' || type === 'boolean';
}

function scalarOf(values: unknown[]): ScalarKind {
  if (values.every((value) => typeof value === 'boolean')) return 'boolean';
  if (values.every((value) => typeof value === 'number')) return 'number';
  return 'string';
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/* ---------- the form's value: the body as JSON, changed one pointer at a time ---------- */

function segmentsOf(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function valueAt(body: unknown, pointer: string): unknown {
  let node = body;
  for (const key of segmentsOf(pointer)) {
    if (!isSchemaObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** A copy of `body` with the value at `pointer` set (undefined: the key is removed), creating objects on the way. */
export function withValueAt(body: unknown, pointer: string, value: unknown): unknown {
  const keys = segmentsOf(pointer);
  if (keys.length === 0) return value;
  const [key, ...rest] = keys as [string, ...string[]];
  const current: Record<string, unknown> = isSchemaObject(body) ? body : {};
  const child = rest.length === 0 ? value : withValueAt(current[key], `/${rest.map(escape).join('/')}`, value);
  const next = Object.fromEntries(Object.entries(current).filter(([name]) => name !== key));
  if (child !== undefined)
    Object.defineProperty(next, key, { value: child, enumerable: true, writable: true, configurable: true });
  return next;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** What the form starts with: each `default` (or `const`), and every required group as an object. */
export function initialFormValue(form: FormField): unknown {
  if (form.kind !== 'object') return form.initial;
  const value: Record<string, unknown> = {};
  for (const field of form.fields) {
    if (field.kind === 'object' && !field.required) continue;
    const initial = initialFormValue(field);
    if (initial !== undefined) value[field.name!] = initial;
  }
  return value;
}

/* ---------- where a test run's 422 errors go ---------- */

/**
 * Places the test run's `validationErrors` (`/body/...` paths) on the form: each under the
 * deepest field its path reaches; "must have required property 'x'" under the field `x` itself.
 * Errors of the query, or the body's own, are listed at '' (above the form).
 */
export function placeErrors(form: FormField, errors: readonly RequestValidationError[]): Map<string, string[]> {
  const pointers = new Set<string>();
  const collect = (field: FormField) => {
    pointers.add(field.pointer);
    if (field.kind === 'object') field.fields.forEach(collect);
  };
  collect(form);
  const placed = new Map<string, string[]>();
  for (const error of errors) {
    let pointer = error.path.startsWith('/body') ? error.path.slice('/body'.length) : null;
    // The server names a missing property in the path already; an error at the object only in its message.
    const missing = /required property '([^']+)'/.exec(error.message);
    const named = missing ? `/${escape(missing[1]!)}` : null;
    if (pointer !== null && named && !pointer.endsWith(named)) pointer = `${pointer}${named}`;
    let target = '';
    if (pointer !== null) {
      for (let candidate = pointer; ; candidate = candidate.slice(0, candidate.lastIndexOf('/'))) {
        if (pointers.has(candidate)) {
          target = candidate;
          break;
        }
        if (candidate === '') break;
      }
    }
    // Above the form, an error says which part it is about (unless it is about the body itself).
    const message = target === '' && pointer !== '' ? `${error.path}: ${error.message}` : error.message;
    placed.set(target, [...(placed.get(target) ?? []), message]);
  }
  return placed;
}
