import { describe, expect, it } from 'vitest';
import { buildAuditQuery } from '../../../api/audit';
import { EMPTY_AUDIT_PARAMS, hasAuditFilters, readAuditParams, toAuditFilter, writeAuditParams } from './audit-params';

describe('audit log filters in the URL', () => {
  it('round-trips actor, one entity and a custom range, and drops unknown entity types', () => {
    const params = {
      actor: 'u1',
      entityType: 'endpoint' as const,
      entityId: 'e42',
      range: 'custom' as const,
      from: '2026-11-01T00:00',
      to: '',
    };
    const search = writeAuditParams(params);
    expect(search.toString()).toBe('actor=u1&entity=endpoint%3Ae42&range=custom&from=2026-11-01T00%3A00');
    expect(readAuditParams(search)).toEqual(params);
    expect(readAuditParams(new URLSearchParams('entity=planet:x&range=2y'))).toEqual(EMPTY_AUDIT_PARAMS);
    expect(hasAuditFilters(EMPTY_AUDIT_PARAMS)).toBe(false);
  });

  it('asks the API for an entity type, or one entity as type:id, within the time range', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(toAuditFilter({ ...EMPTY_AUDIT_PARAMS, entityType: 'apiKey', range: '24h' }, now)).toEqual({
      actor: undefined,
      entity: 'apiKey',
      from: '2026-11-22T12:00:00.000Z',
      to: undefined,
    });
    const filter = toAuditFilter({ ...EMPTY_AUDIT_PARAMS, actor: 'u1', entityType: 'endpoint', entityId: 'e1' }, now);
    expect(buildAuditQuery(filter, { cursor: 'abc' })).toBe('actor=u1&entity=endpoint%3Ae1&limit=50&cursor=abc');
  });
});
