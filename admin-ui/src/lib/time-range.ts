/** Time ranges the list filters offer (processes, audit log); `custom` uses two datetime-local inputs. */
export const TIME_RANGES = ['all', '1h', '24h', '7d', '30d', 'custom'] as const;
export type TimeRange = (typeof TIME_RANGES)[number];

const RANGE_MS: Record<Exclude<TimeRange, 'all' | 'custom'>, number> = {
  '1h': 3600_000,
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

export const isTimeRange = (value: string | null): value is TimeRange =>
  !!value && (TIME_RANGES as readonly string[]).includes(value);

function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** `from`/`to` as ISO times; relative ranges are resolved against `now`. */
export function rangeBounds(
  range: TimeRange,
  custom: { from: string; to: string },
  now = Date.now(),
): { from: string | undefined; to: string | undefined } {
  if (range === 'custom') return { from: localToIso(custom.from), to: localToIso(custom.to) };
  if (range === 'all') return { from: undefined, to: undefined };
  return { from: new Date(now - RANGE_MS[range]).toISOString(), to: undefined };
}
