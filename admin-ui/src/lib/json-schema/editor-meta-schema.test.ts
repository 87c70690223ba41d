import { describe, expect, it } from 'vitest';
import { DRAFT_2020_12, editorMetaSchema } from './editor-meta-schema';
import { isSchemaObject, resolveLocalRef } from './types';

/** The string values of a keyword anywhere in the document (a property *named* like it holds a schema, not a string). */
function collect(node: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item) => collect(item, key, out));
  else if (isSchemaObject(node)) {
    for (const [name, value] of Object.entries(node)) {
      if (name === key && typeof value === 'string') out.push(value);
      collect(value, key, out);
    }
  }
  return out;
}

describe('the meta-schema the JSON editor checks schemas with', () => {
  const meta = editorMetaSchema({
    localRefOnly: 'Only references into this schema',
    unknownKeyword: 'Unknown keyword',
  });

  it('is one document: every reference resolves inside it, nothing dynamic or remote is left', () => {
    expect(meta.$schema).toBe(DRAFT_2020_12);
    expect(collect(meta, '$dynamicRef')).toEqual([]);
    expect(collect(meta, '$id')).toEqual([]);
    const refs = collect(meta, '$ref');
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect([ref, resolveLocalRef(meta, ref) !== undefined]).toEqual([ref, true]);
  });

  it('keeps every vocabulary of draft 2020-12', () => {
    const props = (name: string) => Object.keys((meta.$defs as any)[`vocab-${name}`].properties);
    expect(props('core')).toEqual(expect.arrayContaining(['$ref', '$defs', '$anchor']));
    expect(props('applicator')).toEqual(expect.arrayContaining(['properties', 'items', 'prefixItems', 'anyOf']));
    expect(props('validation')).toEqual(expect.arrayContaining(['type', 'enum', 'required', 'minLength']));
    expect(props('format-annotation')).toEqual(['format']);
    expect(meta.allOf).toHaveLength(7);
  });

  it('allows only references into the schema itself, with the given message', () => {
    const ref = (meta.$defs as any)['vocab-core'].properties.$ref;
    expect(ref).toMatchObject({ pattern: '^#', patternErrorMessage: 'Only references into this schema' });
    expect(new RegExp(ref.pattern).test('#/$defs/address')).toBe(true);
    expect(new RegExp(ref.pattern).test('https://example.com/schema.json')).toBe(false);
  });

  it('knows every keyword of the vocabularies and nothing else, as the server does in strict mode', () => {
    const names = meta.propertyNames as { enum: string[]; errorMessage: string };
    expect(names.errorMessage).toBe('Unknown keyword');
    expect(names.enum).toEqual(
      expect.arrayContaining(['$ref', '$defs', 'type', 'properties', 'minLength', 'examples', 'format', 'nullable']),
    );
    expect(names.enum).not.toContain('example');
    expect(names.enum).not.toContain('minimun');
  });
});
