import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { processesApi, type ProcessFilter } from '../../../api/processes';
import { mergeFirstPage } from '../lib/live';

/** How often the open list reads its first page again. */
export const REFRESH_EVERY_MS = 5_000;

type ListData = Parameters<typeof mergeFirstPage>[0];

/** Whether runs recorded from now on can still join the list (a range that has ended is history). */
export function showsNewRuns(filter: ProcessFilter, now = Date.now()): boolean {
  return !filter.to || Date.parse(filter.to) > now;
}

/**
 * Reads the list's first page again every few seconds while it is the only page loaded and the
 * tab is visible, and merges it in. Live events come from the instance the browser is connected
 * to; on several instances whose MongoDB has no change streams, this is how the runs of the
 * others reach the list (and, everywhere, how a row that no longer matches leaves it). Not
 * while more pages are loaded: a new first page would no longer meet the second one.
 *
 * Returns `noteArrival`, for every id a socket event brings: rows that arrive while a fetch is
 * under way are kept, since the page read may predate them.
 */
export function useFirstPageRefresh(options: {
  listKey: readonly unknown[];
  filter: ProcessFilter;
  enabled: boolean;
  onAdded: (ids: string[]) => void;
}): (processId: string) => void {
  const queryClient = useQueryClient();
  const arrivals = useRef<Set<string> | null>(null);
  const latest = useRef(options);
  latest.current = options;
  const filterKey = JSON.stringify(options.filter);

  useEffect(() => {
    if (!options.enabled) return undefined;
    const { listKey, filter } = latest.current;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let lastReadAt = Date.now();

    const schedule = (delay: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), delay);
    };
    async function refresh(): Promise<void> {
      // A hidden tab reads nothing; becoming visible starts again.
      if (document.hidden || inFlight || controller.signal.aborted) return;
      inFlight = true;
      const since = new Set<string>();
      arrivals.current = since;
      try {
        const fresh = await processesApi.list(filter, {}, controller.signal);
        let added: string[] = [];
        queryClient.setQueryData(listKey, (data: ListData) => {
          const merged = mergeFirstPage(data, fresh, since);
          added = merged.added;
          return merged.data;
        });
        if (added.length > 0) latest.current.onAdded(added);
      } catch {
        // Offline or aborted: the next round tries again; the list keeps what it shows.
      } finally {
        inFlight = false;
        lastReadAt = Date.now();
        if (arrivals.current === since) arrivals.current = null;
      }
      if (!controller.signal.aborted && !document.hidden) schedule(REFRESH_EVERY_MS);
    }
    const onVisibility = () => {
      if (document.hidden) {
        clearTimeout(timer);
        return;
      }
      schedule(Math.max(0, REFRESH_EVERY_MS - (Date.now() - lastReadAt)));
    };

    schedule(REFRESH_EVERY_MS);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      controller.abort();
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
    // `listKey` and `filter` are new objects on every render: read through `latest`, compared by value through filterKey.
  }, [queryClient, filterKey, options.enabled]);

  return (processId) => arrivals.current?.add(processId);
}
