import { describe, expect, it } from 'vitest';
import { REQUEST_SCHEMA_MAX_BYTES } from '@contract';
import { parseSchemaTexts, schemaTexts } from './request-schema-text';

describe('request schema texts', () => {
  it('shows a stored schema as pretty JSON and nothing for a missing part', () => {
    expect(schemaTexts({ body: { type: 'object' } })).toEqual({ body: '{\n  "type": "object"\n}', query: '' });
    expect(schemaTexts(null)).toEqual({ body: '', query: '' });
  });

  it('sends only the parts that have a schema, and null when none has', () => {
    expect(parseSchemaTexts({ body: ' { "type": "object" } ', query: '' })).toEqual({
      value: { body: { type: 'object' } },
      problems: {},
    });
    expect(parseSchemaTexts({ body: '', query: '  ' })).toEqual({ value: null, problems: {} });
    expect(parseSchemaTexts({ body: 'true', query: '' }).value).toEqual({ body: true });
  });

  it('says which part is not JSON, not a schema, or makes the whole too large', () => {
    expect(parseSchemaTexts({ body: '{ "type": ', query: '[1]' }).problems).toEqual({
      body: 'json',
      query: 'notSchema',
    });
    const huge = JSON.stringify({ description: 'x'.repeat(REQUEST_SCHEMA_MAX_BYTES) });
    expect(parseSchemaTexts({ body: '{}', query: huge }).problems).toEqual({ query: 'tooLarge' });
  });
});
