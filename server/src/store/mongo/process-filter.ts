import mongoose from 'mongoose';
import type { NormalizedFilter } from '../process-query.js';
import { searchPhrase } from '../search-text.js';
import { KEYED, type ProcessDoc } from './models.js';

export type ProcessFilterDoc = mongoose.FilterQuery<ProcessDoc>;

/** Makes every character of the user's text literal inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The filter of the process list, from validated values only (see process-query.ts). Each
 * value is a string checked against an allow-list or a type, and the operators are ours:
 * they are marked `trusted` because the connection sanitises every other `$` object in a
 * filter. `q` is a lower-cased, regex-escaped substring match on the lower-cased search fields.
 */
export function buildProcessFilter(filter: NormalizedFilter, afterId: string | null): ProcessFilterDoc {
  const query: ProcessFilterDoc = {};
  if (filter.endpointId !== null) query.endpointId = String(filter.endpointId);
  if (filter.statuses !== null) {
    query.status =
      filter.statuses.length === 1
        ? String(filter.statuses[0])
        : mongoose.trusted({ $in: filter.statuses.map(String) });
  }
  if (filter.mode !== null) query.mode = String(filter.mode);
  if (filter.from !== null || filter.to !== null) {
    const range: Record<string, string> = {};
    if (filter.from !== null) range.$gte = String(filter.from);
    if (filter.to !== null) range.$lt = String(filter.to);
    query.queuedAt = mongoose.trusted(range);
  }
  if (filter.idempotencyKey !== null) {
    // Exact; with the partial index's own condition, so that the planner may use that index.
    query.idempotencyKey = mongoose.trusted({ $eq: String(filter.idempotencyKey), ...KEYED });
  }
  if (afterId !== null) query._id = mongoose.trusted({ $lt: String(afterId) });
  if (filter.q !== null) {
    const pattern = escapeRegex(String(filter.q));
    query.$or = [
      { searchBase: mongoose.trusted({ $regex: pattern }) },
      { searchError: mongoose.trusted({ $regex: pattern }) },
    ];
    // Words of the body and the logs in a row, the last one a prefix (search-text.ts).
    const phrase = searchPhrase(String(filter.q));
    if (phrase !== null) {
      const words = escapeRegex(phrase);
      query.$or.push({ searchBody: mongoose.trusted({ $regex: words }) });
      query.$or.push({ searchLogs: mongoose.trusted({ $regex: words }) });
    }
  }
  return query;
}
