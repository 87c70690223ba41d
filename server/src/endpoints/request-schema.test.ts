import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationError } from '../http/validation.js';
import { requestSchemaSetting } from './request-schema.js';

/** What the admin API answers for `{ requestSchema: value }`: the fields of `400 validation_failed`, or the saved value. */
function save(value: unknown): { saved?: unknown; fields?: Record<string, string> } {
  const result = z.object({ requestSchema: requestSchemaSetting }).safeParse({ requestSchema: value });
  if (result.success) return { saved: result.data.requestSchema };
  return { fields: validationError(result.error).details!.fields! };
}

const contactForm = {
  body: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email', maxLength: 254 },
      name: { type: ['string', 'null'] },
      topics: { type: 'array', items: { type: 'string' }, uniqueItems: true },
      address: { $ref: '#/$defs/address' },
    },
    required: ['email'],
    anyOf: [{ required: ['name'] }, { required: ['address'] }],
    $defs: { address: { type: 'object', properties: { city: { type: 'string' } } } },
  },
  query: { type: 'object', properties: { page: { type: 'integer', minimum: 1 } } },
};

describe('requestSchema setting', () => {
  it('saves a draft 2020-12 schema with formats, union types, local references and required alternatives', () => {
    expect(save(contactForm)).toEqual({ saved: contactForm });
  });

  it('saves null, and treats an empty object as no schema', () => {
    expect(save(null)).toEqual({ saved: null });
    expect(save({})).toEqual({ saved: null });
  });

  it('names the path of a typo in a keyword (strict mode)', () => {
    const { fields } = save({ body: { type: 'object', properties: { age: { type: 'integer', minimun: 18 } } } });
    expect(fields).toEqual({ 'requestSchema.body.properties.age.minimun': 'unknown keyword: "minimun"' });
  });

  it('names the path of a value the meta-schema refuses', () => {
    const { fields } = save({ body: { type: 'object', properties: { age: { type: 'intger' } } } });
    expect(Object.keys(fields!)).toContain('requestSchema.body.properties.age.type');
  });

  it('names the path of an unknown format', () => {
    const { fields } = save({ body: { type: 'object', properties: { email: { type: 'string', format: 'emial' } } } });
    expect(fields).toEqual({
      'requestSchema.body.properties.email': 'unknown format "emial" ignored in schema at path "#/properties/email"',
    });
  });

  it('refuses a keyword that would be silently ignored, such as properties without type object', () => {
    const { fields } = save({ body: { properties: { a: { type: 'string' } } } });
    expect(fields!['requestSchema.body']).toMatch(/missing type "object" for keyword "properties"/);
  });

  it('refuses references outside the schema, and identifiers that would change where references point', () => {
    expect(save({ body: { $ref: 'https://example.com/schema.json' } }).fields).toEqual({
      'requestSchema.body.$ref': 'must refer inside this schema ("#/$defs/…"): remote references are not fetched',
    });
    expect(Object.keys(save({ body: { $id: 'https://example.com/s', type: 'object' } }).fields!)).toEqual([
      'requestSchema.body.$id',
    ]);
    expect(Object.keys(save({ body: { $schema: 'http://json-schema.org/draft-07/schema#' } }).fields!)).toEqual([
      'requestSchema.body.$schema',
    ]);
  });

  it('refuses patterns a crafted request could make slow, naming where they are', () => {
    const { fields } = save({
      body: { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } },
    });
    expect(fields!['requestSchema.body.properties.code.pattern']).toMatch(/must not repeat inside/);
  });

  it('refuses uniqueItems over unbounded arrays of objects (pairwise comparison)', () => {
    const { fields } = save({ body: { type: 'array', items: { type: 'object' }, uniqueItems: true } });
    expect(fields!['requestSchema.body.uniqueItems']).toMatch(/needs "maxItems" of at most 1000/);
    expect(
      save({ body: { type: 'array', items: { type: 'object' }, uniqueItems: true, maxItems: 100 } }).saved,
    ).toBeTruthy();
  });

  it('wants the query described as an object', () => {
    expect(Object.keys(save({ query: { type: 'string' } }).fields!)).toEqual(['requestSchema.query.type']);
  });

  it('refuses a schema larger than 64 KB, and unknown parts', () => {
    const big = { body: { type: 'object', description: 'x'.repeat(70_000) } };
    expect(save(big).fields!.requestSchema).toMatch(/at most 64 KB/);
    expect(Object.keys(save({ headers: { type: 'object' } }).fields!)).toEqual(['requestSchema']);
  });
});
