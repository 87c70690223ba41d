import { describe, expect, it } from 'vitest';
import { buildProcessQuery } from './processes';

describe('process list query', () => {
  it('asks the API for the exact idempotency key, encoded', () => {
    const query = new URLSearchParams(buildProcessQuery({ idempotencyKey: ' a+b&c=d/%e ', q: '' }));
    expect(query.get('idempotencyKey')).toBe('a+b&c=d/%e');
    expect(query.has('q')).toBe(false);
    expect(new URLSearchParams(buildProcessQuery({})).has('idempotencyKey')).toBe(false);
  });
});
