import type { AccessType, ApiKeyInfo, HttpMethod } from '@contract';

/** An endpoint a key may be scoped to, as the page hands it down (features do not share hooks). */
export interface EndpointOption {
  id: string;
  slug: string;
  name: string;
  accessType: AccessType;
  methods: readonly HttpMethod[];
}

export type KeyStatus = 'active' | 'expiring' | 'revoked' | 'expired';

/** A key that stops within this long is flagged, so that its caller can be given a new one in time. */
export const EXPIRING_SOON_MS = 7 * 24 * 3600_000;

const time = (iso: string | null) => (iso ? Date.parse(iso) : Number.POSITIVE_INFINITY);

/** When the key stops working: its expiry, or the end of a rotation's overlap; null = never. */
export function stopsAt(key: Pick<ApiKeyInfo, 'expiresAt' | 'revokedAt'>): string | null {
  const expires = time(key.expiresAt);
  const revoked = time(key.revokedAt);
  if (expires === Number.POSITIVE_INFINITY && revoked === Number.POSITIVE_INFINITY) return null;
  return expires <= revoked ? key.expiresAt : key.revokedAt;
}

/**
 * Revoked or expired once that moment has passed. `revokedAt` in the future is a rotated key
 * still inside its overlap: it works, and stops soon.
 */
export function keyStatus(key: Pick<ApiKeyInfo, 'expiresAt' | 'revokedAt'>, now = Date.now()): KeyStatus {
  if (time(key.revokedAt) <= now) return 'revoked';
  if (time(key.expiresAt) <= now) return 'expired';
  if (key.revokedAt || time(key.expiresAt) - now <= EXPIRING_SOON_MS) return 'expiring';
  return 'active';
}

/** Whether a key can still be rotated: it works and was not already replaced by a rotation. */
export const canRotate = (key: ApiKeyInfo, now = Date.now()) => !key.revokedAt && keyStatus(key, now) !== 'expired';

export const EXPIRY_CHOICES = ['never', '30d', '90d', '365d', 'custom'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/**
 * The `expiresAt` to send for a choice; `custom` is a date input's value (`YYYY-MM-DD`), taken as
 * the end of that day in local time. Undefined when the custom date is missing or not in the future.
 */
export function expiresAtFor(choice: ExpiryChoice, customDate: string, now = Date.now()): string | null | undefined {
  if (choice === 'never') return null;
  if (choice !== 'custom') return new Date(now + Number(choice.slice(0, -1)) * 24 * 3600_000).toISOString();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(customDate);
  if (!match) return undefined;
  const end = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return end.getTime() > now ? end.toISOString() : undefined;
}

export const OVERLAP_CHOICES = ['none', '1h', '24h', 'custom'] as const;
export type OverlapChoice = (typeof OVERLAP_CHOICES)[number];
export const OVERLAP_UNITS = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type OverlapUnit = keyof typeof OVERLAP_UNITS;
/** The longest overlap offered: a rotation is meant to end the old key soon. */
export const MAX_OVERLAP_SECONDS = 30 * 86_400;

/** Seconds the old key keeps working after a rotation; undefined when the custom amount is not valid. */
export function overlapSecondsFor(choice: OverlapChoice, amount: string, unit: OverlapUnit): number | undefined {
  if (choice === 'none') return 0;
  if (choice === '1h') return 3600;
  if (choice === '24h') return 86_400;
  if (!/^\d+$/.test(amount.trim())) return undefined;
  const seconds = Number(amount) * OVERLAP_UNITS[unit];
  return seconds > 0 && seconds <= MAX_OVERLAP_SECONDS ? seconds : undefined;
}
