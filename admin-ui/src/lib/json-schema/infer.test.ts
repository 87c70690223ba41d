import { describe, expect, it } from 'vitest';
import { inferQuerySchema, inferSchema } from './infer';

describe('proposing a schema from recorded requests', () => {
  it('describes a flat body with its types and every key it has as required', () => {
    expect(inferSchema([{ name: 'Jane', age: 41, score: 9.5, subscribed: true, note: null }])).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer' },
        score: { type: 'number' },
        subscribed: { type: 'boolean' },
        note: { type: 'null' },
      },
      required: ['name', 'age', 'score', 'subscribed', 'note'],
    });
  });

  it('describes nested objects and arrays, merging the items of an array', () => {
    const schema = inferSchema([
      {
        customer: { email: 'jane@example.com', address: { city: 'Riga' } },
        items: [
          { sku: 'A-1', qty: 2 },
          { sku: 'B-2', qty: 1, gift: true },
        ],
        tags: [],
      },
    ]);
    expect(schema).toEqual({
      type: 'object',
      properties: {
        customer: {
          type: 'object',
          properties: {
            email: { type: 'string', format: 'email' },
            address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
          required: ['email', 'address'],
        },
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string' }, qty: { type: 'integer' }, gift: { type: 'boolean' } },
            required: ['sku', 'qty'],
          },
        },
        tags: { type: 'array' },
      },
      required: ['customer', 'items', 'tags'],
    });
  });

  it('requires only the keys every sample has', () => {
    expect(inferSchema([{ a: 1, b: 2 }, { a: 3 }])).toMatchObject({ required: ['a'] });
  });

  it('names a format only when every sample matches it', () => {
    expect(inferSchema(['2026-11-23T10:00:00Z', '2026-11-23T10:00:00.5+02:00'])).toEqual({
      type: 'string',
      format: 'date-time',
    });
    expect(inferSchema(['https://example.com/a', 'mailto:jane@example.com'])).toEqual({
      type: 'string',
      format: 'uri',
    });
    expect(inferSchema(['jane@example.com', 'not an email'])).toEqual({ type: 'string' });
    expect(inferSchema(['2026-11-23'])).toEqual({ type: 'string' });
  });

  it('lists the types a value took, and treats integers beside fractions as numbers', () => {
    expect(inferSchema([1, 2.5])).toEqual({ type: 'number' });
    expect(inferSchema(['a@b.co', null])).toEqual({ type: ['string', 'null'], format: 'email' });
    expect(inferSchema([{ a: 1 }, null])).toEqual({
      type: ['object', 'null'],
      properties: { a: { type: 'integer' } },
      required: ['a'],
    });
    expect(inferSchema([[1], 'x'])).toEqual({
      anyOf: [{ type: 'array', items: { type: 'integer' } }, { type: 'string' }],
    });
  });

  it('keeps a key named __proto__ as a property', () => {
    const schema = inferSchema([JSON.parse('{"__proto__": {"x": 1}}')]);
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.hasOwn(properties, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
  });

  it('stops describing past a safe depth', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i += 1) deep = { next: deep };
    expect(() => JSON.stringify(inferSchema([deep]))).not.toThrow();
  });

  it('proposes numbers and booleans for a query whose values arrived as text', () => {
    expect(inferQuerySchema({ page: '2', q: 'shoes', exact: 'true', ratio: '0.5', ids: ['1', '2'] })).toEqual({
      type: 'object',
      properties: {
        page: { type: 'integer' },
        q: { type: 'string' },
        exact: { type: 'boolean' },
        ratio: { type: 'number' },
        ids: { type: 'array', items: { type: 'integer' } },
      },
      required: ['page', 'q', 'exact', 'ratio', 'ids'],
    });
  });
});
