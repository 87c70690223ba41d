import { describe, expect, it } from 'vitest';
import { buildSchemaForm, initialFormValue, placeErrors, valueAt, withValueAt, type FormField } from './schema-form';

const signup = {
  type: 'object',
  required: ['email', 'plan', 'address'],
  properties: {
    email: { type: 'string', format: 'email', description: 'Where we write to' },
    plan: { enum: ['free', 'pro'], default: 'free' },
    seats: { type: 'integer' },
    ratio: { type: ['number', 'null'] },
    newsletter: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    sizes: { type: 'array', items: { enum: [1, 2, 3] } },
    address: { $ref: '#/$defs/address' },
    extra: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    lines: { type: 'array', items: { type: 'object' } },
  },
  $defs: {
    address: {
      allOf: [
        { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        { properties: { zip: { type: 'string' } } },
      ],
    },
  },
};

const summary = (field: FormField): unknown =>
  field.kind === 'object'
    ? { [field.pointer || '/']: field.fields.map(summary) }
    : `${field.pointer} ${field.kind}${field.required ? ' *' : ''}`;

describe('the test-run form generated from the body schema', () => {
  it('offers a control per property: text, select, number, checkbox, list, group, JSON for the rest', () => {
    const form = buildSchemaForm(signup)!;
    expect(summary(form)).toEqual({
      '/': [
        '/email text *',
        '/plan enum *',
        '/seats number',
        '/ratio number',
        '/newsletter boolean',
        '/tags list',
        '/sizes list',
        { '/address': ['/address/city text *', '/address/zip text'] },
        '/extra json',
        '/lines json',
      ],
    });
    const fields = Object.fromEntries(form.fields.map((field) => [field.name, field]));
    expect(fields.email).toMatchObject({ format: 'email', description: 'Where we write to', required: true });
    expect(fields.plan).toMatchObject({ options: ['free', 'pro'] });
    expect(fields.seats).toMatchObject({ integer: true });
    expect(fields.sizes).toMatchObject({ item: 'number', options: [1, 2, 3] });
  });

  it('has no form for a body that is not an object', () => {
    expect(buildSchemaForm({ type: 'array', items: { type: 'string' } })).toBeNull();
    expect(buildSchemaForm(true)).toBeNull();
    expect(buildSchemaForm(undefined)).toBeNull();
  });

  it('starts with the defaults and an object for each required group', () => {
    expect(initialFormValue(buildSchemaForm(signup)!)).toEqual({ plan: 'free', address: {} });
  });

  it('sets and clears values by pointer without touching the rest', () => {
    const start = { plan: 'free', address: {} };
    const next = withValueAt(start, '/address/city', 'Riga');
    expect(next).toEqual({ plan: 'free', address: { city: 'Riga' } });
    expect(start).toEqual({ plan: 'free', address: {} });
    expect(valueAt(next, '/address/city')).toBe('Riga');
    expect(withValueAt(next, '/plan', undefined)).toEqual({ address: { city: 'Riga' } });
    expect(withValueAt({}, '/a~1b', 1)).toEqual({ 'a/b': 1 });
    const proto = withValueAt({}, '/__proto__', { polluted: true }) as Record<string, unknown>;
    expect(Object.hasOwn(proto, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('puts each 422 error next to its field, a missing property under the property itself', () => {
    const form = buildSchemaForm(signup)!;
    const placed = placeErrors(form, [
      { path: '/body/email', message: 'must match format "email"' },
      { path: '/body/address', message: "must have required property 'city'" },
      { path: '/body/plan', message: "must have required property 'plan'" },
      { path: '/body/lines/0/sku', message: 'must be string' },
      { path: '/body', message: 'must NOT have additional properties' },
      { path: '/query/page', message: 'must be integer' },
    ]);
    expect(Object.fromEntries(placed)).toEqual({
      '/email': ['must match format "email"'],
      '/address/city': ["must have required property 'city'"],
      '/plan': ["must have required property 'plan'"],
      '/lines': ['must be string'],
      '': ['must NOT have additional properties', '/query/page: must be integer'],
    });
  });
});
