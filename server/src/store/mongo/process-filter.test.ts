import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { normalizeFilter, normalizeQuery } from '../process-query.js';
import type { ProcessFilter } from '../types.js';
import { buildProcessFilter, escapeRegex } from './process-filter.js';

const build = (filter: ProcessFilter, afterId: string | null = null) =>
  buildProcessFilter(normalizeFilter(filter), afterId);

describe('MongoDB process list filter', () => {
  it('builds one condition per filter, using the indexed fields', () => {
    const filter = build(
      {
        endpointId: 'ep-1',
        status: ['failed', 'timeout'],
        mode: 'async',
        from: '2026-11-01T00:00:00Z',
        to: '2026-11-02T00:00:00.000Z',
        q: 'Lead 42',
      },
      '0192aa',
    );
    expect(JSON.parse(JSON.stringify(filter))).toEqual({
      endpointId: 'ep-1',
      status: { $in: ['failed', 'timeout'] },
      mode: 'async',
      queuedAt: { $gte: '2026-11-01T00:00:00.000Z', $lt: '2026-11-02T00:00:00.000Z' },
      _id: { $lt: '0192aa' },
      $or: [
        { searchBase: { $regex: 'lead 42' } },
        { searchError: { $regex: 'lead 42' } },
        { searchBody: { $regex: ' lead 42' } },
        { searchLogs: { $regex: ' lead 42' } },
      ],
    });
  });

  it('searches the body and log words as words in a row from a word start, the last one a prefix', () => {
    const filter = build({ q: 'Jane@Example.COM' });
    const pattern = (filter.$or?.[2] as { searchBody: { $regex: string } }).searchBody.$regex;
    const regex = new RegExp(pattern);
    expect(regex.test(' hi jane example com')).toBe(true);
    expect(regex.test(' jane example company')).toBe(true);
    expect(regex.test(' ajane example com')).toBe(false);
    expect(regex.test(' jane examples com')).toBe(false);
    // Text without a word searches the base and error fields only.
    expect(build({ q: '@@' }).$or).toHaveLength(2);
  });

  it('matches one status by equality and no filter by an empty query', () => {
    expect(build({ status: 'queued' })).toEqual({ status: 'queued' });
    expect(build({})).toEqual({});
  });

  it('turns the search text into a literal: regex characters match only themselves', () => {
    const filter = build({ q: '.*(a|b)?[x]^$\\' });
    const pattern = (filter.$or?.[0] as { searchBase: { $regex: string } }).searchBase.$regex;
    expect(pattern).toBe(escapeRegex('.*(a|b)?[x]^$\\'));
    const regex = new RegExp(pattern);
    expect(regex.test('.*(a|b)?[x]^$\\')).toBe(true);
    expect(regex.test('anything else')).toBe(false);
  });

  it('leaves its own operators alone under sanitizeFilter, which the connection turns on', () => {
    const filter = build({ status: ['failed', 'queued'], from: '2026-11-01T00:00:00Z', q: 'x' }, 'abc');
    const before = JSON.stringify(filter);
    expect(JSON.stringify(mongoose.sanitizeFilter(filter))).toBe(before);
  });

  it('neutralises an operator object that reaches a filter value by any other path', () => {
    const injected = { endpointId: { $ne: null }, status: { $gt: '' } } as Record<string, unknown>;
    expect(mongoose.sanitizeFilter(injected)).toEqual({
      endpointId: { $eq: { $ne: null } },
      status: { $eq: { $gt: '' } },
    });
  });

  it('rejects filter values that are not plain strings before any query is built', () => {
    const attempts = [
      { endpointId: { $ne: null } },
      { q: { $regex: '.*' } },
      { mode: { $in: ['sync'] } },
      { status: [{ $ne: 1 }] },
    ];
    for (const attempt of attempts) {
      expect(() => normalizeFilter(attempt as unknown as ProcessFilter)).toThrow(
        expect.objectContaining({ code: 'validation_failed' }),
      );
    }
    expect(() => normalizeQuery({ limit: 5, cursor: '{"$gt":""}' })).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
  });
});
