import type { ProcessPage, ProcessSummary } from '@contract';
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
