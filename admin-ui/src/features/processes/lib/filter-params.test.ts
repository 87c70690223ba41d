import { describe, expect, it } from 'vitest';
import { EMPTY_PARAMS, hasFilters, readParams, toApiFilter, writeParams } from './filter-params';

describe('process list filters in the URL', () => {
  it('round-trips through the query string and drops unknown values', () => {
    const params = {
      ...EMPTY_PARAMS,
      endpointId: 'e1',
      statuses: ['failed', 'timeout'] as const,
      mode: 'async' as const,
      q: ' boom ',
    };
    const search = writeParams({ ...params, statuses: [...params.statuses] });
    expect(search.toString()).toBe('endpoint=e1&status=failed%2Ctimeout&mode=async&q=boom');
    expect(readParams(new URLSearchParams('status=failed,bogus&mode=weird&range=2y'))).toEqual({
      ...EMPTY_PARAMS,
      statuses: ['failed'],
    });
    expect(hasFilters(EMPTY_PARAMS)).toBe(false);
  });

  it('turns a relative range into a "from" time and a custom range into ISO times', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(toApiFilter({ ...EMPTY_PARAMS, range: '1h' }, now).from).toBe('2026-11-23T11:00:00.000Z');
    const custom = toApiFilter({ ...EMPTY_PARAMS, range: 'custom', from: '2026-11-01T00:00', to: 'garbage' }, now);
    expect(custom.from).toBe(new Date('2026-11-01T00:00').toISOString());
    expect(custom.to).toBeUndefined();
    expect(toApiFilter(EMPTY_PARAMS, now)).toEqual({
      endpointId: undefined,
      statuses: undefined,
      mode: undefined,
      from: undefined,
      to: undefined,
      q: undefined,
      idempotencyKey: undefined,
    });
  });

  it('keeps an idempotency key filter in the URL exactly, without the spaces a paste brings', () => {
    const key = 'order-42/retry:a+b=c&d%e';
    const search = writeParams({ ...EMPTY_PARAMS, idempotencyKey: `  ${key}\n` });
    expect(search.get('idempotencyKey')).toBe(key);
    const read = readParams(new URLSearchParams(search.toString()));
    expect(read).toEqual({ ...EMPTY_PARAMS, idempotencyKey: key });
    expect(hasFilters(read)).toBe(true);
    expect(toApiFilter(read).idempotencyKey).toBe(key);
    expect(hasFilters({ ...EMPTY_PARAMS, idempotencyKey: '   ' })).toBe(false);
  });
});
