import type { ProcessResponse } from '@contract';
import i18next from 'i18next';

/** A number with `digits` decimals and a unit, both in the UI's language ("1.50 s", "1,50 с"). */
function withUnit(value: number, digits: number, unit: 'ms' | 's' | 'min' | 'b' | 'kb' | 'mb'): string {
  const language = i18next.language || 'en';
  const number = new Intl.NumberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${number.format(value)} ${i18next.t(`units.${unit}`, { lng: language })}`;
}

/** "840 ms", "1.2 s", "2 min 5 s" — compact, for tables; "840 мс", "1,2 с", "2 мин 5 с" in Russian. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return withUnit(Math.round(ms), 0, 'ms');
  if (ms < 60_000) return withUnit(ms / 1000, ms < 10_000 ? 2 : 1, 's');
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds ? `${withUnit(minutes, 0, 'min')} ${withUnit(seconds, 0, 's')}` : withUnit(minutes, 0, 'min');
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** "Nov 23, 10:00:05": short enough for a table cell, with the day for events days apart. */
export function formatStamp(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/** Time of day with milliseconds, for log lines. */
export function formatClock(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
  return `${time}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago" / "3 минуты назад". */
export function formatRelative(iso: string | null | undefined, locale: string, now = Date.now()): string {
  if (!iso) return '—';
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) return iso;
  const seconds = Math.round((time - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return withUnit(bytes, 0, 'b');
  if (bytes < 1024 * 1024) return withUnit(bytes / 1024, 1, 'kb');
  return withUnit(bytes / 1024 / 1024, 1, 'mb');
}

/** Pretty-prints a JSON value or JSON text; anything else is returned as text. */
export function prettyBody(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** A recorded response body for display: JSON pretty-printed, base64 left as is. */
export function responseBodyText(response: ProcessResponse): string {
  if (response.bodyEncoding === 'base64') return response.body;
  const type = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  return type.includes('json') ? prettyBody(response.body) : response.body;
}
