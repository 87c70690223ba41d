import { describe, expect, it } from 'vitest';
import { EXPIRING_SOON_MS, canRotate, expiresAtFor, keyStatus, overlapSecondsFor, stopsAt } from './key-status';

const now = Date.parse('2026-11-23T12:00:00Z');
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const key = (expiresAt: string | null, revokedAt: string | null) => ({
  id: 'k1',
  name: 'crm',
  prefix: 'sgk_abcd',
  endpointIds: [],
  createdAt: at(-1000),
  lastUsedAt: null,
  expiresAt,
  revokedAt,
});

describe('API key status', () => {
  it('is active without an end in sight, expiring within a week or inside a rotation overlap', () => {
    expect(keyStatus(key(null, null), now)).toBe('active');
    expect(keyStatus(key(at(EXPIRING_SOON_MS + 60_000), null), now)).toBe('active');
    expect(keyStatus(key(at(3600_000), null), now)).toBe('expiring');
    expect(keyStatus(key(null, at(3600_000)), now)).toBe('expiring');
  });

  it('is revoked or expired once that moment has passed', () => {
    expect(keyStatus(key(null, at(-1)), now)).toBe('revoked');
    expect(keyStatus(key(at(-1), null), now)).toBe('expired');
    expect(keyStatus(key(at(-10), at(-1)), now)).toBe('revoked');
  });

  it('stops at the earlier of its expiry and the end of its overlap', () => {
    expect(stopsAt(key(null, null))).toBeNull();
    expect(stopsAt(key(at(5000), at(1000)))).toBe(at(1000));
    expect(stopsAt(key(at(1000), null))).toBe(at(1000));
  });

  it('can be rotated only while it works and has not been rotated already', () => {
    expect(canRotate(key(null, null), now)).toBe(true);
    expect(canRotate(key(null, at(3600_000)), now)).toBe(false);
    expect(canRotate(key(at(-1), null), now)).toBe(false);
  });
});

describe('expiry and overlap choices', () => {
  it('turns an expiry choice into the time to send', () => {
    expect(expiresAtFor('never', '', now)).toBeNull();
    expect(expiresAtFor('30d', '', now)).toBe(at(30 * 86_400_000));
    const custom = expiresAtFor('custom', '2027-01-31', now)!;
    expect(new Date(custom).getDate()).toBe(31);
    expect(new Date(custom).getHours()).toBe(23);
  });

  it('refuses a custom expiry that is missing or already past', () => {
    expect(expiresAtFor('custom', '', now)).toBeUndefined();
    expect(expiresAtFor('custom', '2020-01-01', now)).toBeUndefined();
  });

  it('turns an overlap choice into seconds, and refuses a custom amount that is not a positive whole number', () => {
    expect(overlapSecondsFor('none', '', 'hours')).toBe(0);
    expect(overlapSecondsFor('1h', '', 'hours')).toBe(3600);
    expect(overlapSecondsFor('24h', '', 'hours')).toBe(86_400);
    expect(overlapSecondsFor('custom', '90', 'minutes')).toBe(5400);
    expect(overlapSecondsFor('custom', '0', 'minutes')).toBeUndefined();
    expect(overlapSecondsFor('custom', '1.5', 'hours')).toBeUndefined();
    expect(overlapSecondsFor('custom', '31', 'days')).toBeUndefined();
  });
});
