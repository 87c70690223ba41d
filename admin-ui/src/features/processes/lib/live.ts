import { FINISHED_STATUSES, type ProcessPage, type ProcessSummary } from '@contract';
import type { InfiniteData } from '@tanstack/react-query';
import type { ProcessFilter } from '../../../api/processes';

type Pages = InfiniteData<ProcessPage<ProcessSummary>, string | null>;

/**
 * Whether a live process belongs in a list filtered by `filter`. Free text is matched on
 * what the list shows (id, slug, method, URL, error); the server's search may match more.
 */
export function matchesFilter(process: ProcessSummary, filter: ProcessFilter): boolean {
  if (filter.endpointId && process.endpointId !== filter.endpointId) return false;
  if (filter.statuses?.length && !filter.statuses.includes(process.status)) return false;
  if (filter.mode && process.mode !== filter.mode) return false;
  if (filter.idempotencyKey && process.idempotencyKey !== filter.idempotencyKey) return false;
  const at = Date.parse(process.queuedAt);
  if (filter.from && at < Date.parse(filter.from)) return false;
  if (filter.to && at > Date.parse(filter.to)) return false;
  const q = filter.q?.trim().toLowerCase();
  if (q) {
    const haystack = [
      process.id,
      process.slug,
      process.request.method,
      process.request.url,
      process.error?.message ?? '',
    ]
      .join(' ')
      .toLowerCase();
    if (!haystack.includes(q)) return false;
  }
  return true;
}

const newestFirst = (a: ProcessSummary, b: ProcessSummary) => Date.parse(b.queuedAt) - Date.parse(a.queuedAt);

/** A new or changed process, merged into the loaded pages: replaced where it is, else inserted in order if it fits the filter. */
export function mergeLive(data: Pages | undefined, process: ProcessSummary, filter: ProcessFilter): Pages | undefined {
  if (!data || data.pages.length === 0) return data;
  let found = false;
  const pages = data.pages.map((page) => {
    if (!page.items.some((item) => item.id === process.id)) return page;
    found = true;
    return { ...page, items: page.items.map((item) => (item.id === process.id ? process : item)) };
  });
  if (found) return { ...data, pages };
  if (!matchesFilter(process, filter)) return data;
  // Only where it belongs among what is loaded: older than every loaded row means it is on a page not fetched yet.
  const loaded = pages.flatMap((page) => page.items);
  const oldest = loaded[loaded.length - 1];
  const hasMore = pages[pages.length - 1]?.nextCursor !== null;
  if (oldest && hasMore && newestFirst(oldest, process) < 0) return data;
  const [first, ...rest] = pages;
  return { ...data, pages: [{ ...first!, items: [...first!.items, process].sort(newestFirst) }, ...rest] };
}

/**
 * How far a run has got: a later attempt, or a later stage of one attempt. Of two copies of a
 * process, the one further on is the newer news, whether it came by socket or by fetch.
 */
function progress(process: ProcessSummary): number {
  const stage = FINISHED_STATUSES.includes(process.status) ? 2 : process.status === 'running' ? 1 : 0;
  return process.attempt * 3 + stage;
}

/**
 * The first page read again, merged into the list while it is the only page loaded: the
 * server's page replaces it, so runs recorded by other instances appear and rows that no
 * longer match leave; a row keeps the copy that is further on (a socket event may have
 * overtaken the fetch), and rows that arrived by socket while the fetch was under way stay.
 * Returns `data` itself when nothing changed, so the list does not re-render.
 */
export function mergeFirstPage(
  data: Pages | undefined,
  fresh: ProcessPage<ProcessSummary>,
  arrivedDuringFetch: ReadonlySet<string>,
): { data: Pages | undefined; added: string[] } {
  const first = data?.pages[0];
  if (!data || !first || data.pages.length !== 1) return { data, added: [] };
  const cached = new Map(first.items.map((item) => [item.id, item]));
  const freshIds = new Set(fresh.items.map((item) => item.id));
  const items = fresh.items.map((item) => {
    const known = cached.get(item.id);
    return known && progress(known) > progress(item) ? known : item;
  });
  for (const item of first.items) {
    if (!freshIds.has(item.id) && arrivedDuringFetch.has(item.id)) items.push(item);
  }
  items.sort(newestFirst);
  const added = items.filter((item) => !cached.has(item.id)).map((item) => item.id);
  const unchanged =
    fresh.nextCursor === first.nextCursor &&
    items.length === first.items.length &&
    items.every((item, index) => item === first.items[index] || sameSummary(item, first.items[index]!));
  if (unchanged) return { data, added: [] };
  return { data: { ...data, pages: [{ ...first, items, nextCursor: fresh.nextCursor }] }, added };
}

const sameSummary = (a: ProcessSummary, b: ProcessSummary) => JSON.stringify(a) === JSON.stringify(b);
