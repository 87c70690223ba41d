import { FINISHED_STATUSES, type ProcessRecord, type ProcessSummary } from '@contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { processesApi, type ProcessFilter } from '../../../api/processes';
import { queryKeys } from '../../../lib/query-keys';
import { useProcessLogStream, useSocketEvent } from '../../../lib/socket';
import { mergeLive } from '../lib/live';
import { showsNewRuns, useFirstPageRefresh } from './first-page-refresh';

const listKey = (filter: ProcessFilter) => ['processes', 'list', filter] as const;

/** Live events are applied in batches: a busy endpoint must not re-render the list per run. */
const FLUSH_MS = 250;
/** More new runs than this in one batch: reload the first page instead of merging them one by one. */
const FLOOD = 200;
const MAX_HIGHLIGHTED = 500;

/**
 * Newest first, paged by cursor, kept live by the socket's `process.created` / `process.updated`
 * and, for the runs of other instances, by reading the first page again every few seconds.
 */
export function useProcessList(filter: ProcessFilter) {
  const queryClient = useQueryClient();
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const pending = useRef<Array<{ process: ProcessSummary; isNew: boolean }>>([]);
  const query = useInfiniteQuery({
    queryKey: listKey(filter),
    queryFn: ({ pageParam, signal }) => processesApi.list(filter, { cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const filterKey = JSON.stringify(filter);
  useEffect(() => {
    const timer = setInterval(() => {
      const batch = pending.current.splice(0);
      if (batch.length === 0) return;
      if (batch.filter((event) => event.isNew).length > FLOOD) {
        void queryClient.resetQueries({ queryKey: listKey(filter), exact: true });
        return;
      }
      const added: string[] = [];
      queryClient.setQueryData(listKey(filter), (data: Parameters<typeof mergeLive>[0]) =>
        batch.reduce((current, { process, isNew }) => {
          const next = mergeLive(current, process, filter);
          if (isNew && next !== current) added.push(process.id);
          return next;
        }, data),
      );
      if (added.length > 0) setArrived((ids) => new Set([...ids, ...added].slice(-MAX_HIGHLIGHTED)));
    }, FLUSH_MS);
    return () => clearInterval(timer);
    // `filter` is a new object on every render: it is compared by value, through filterKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, filterKey]);
  const noteArrival = useFirstPageRefresh({
    listKey: listKey(filter),
    filter,
    enabled: query.isSuccess && query.data.pages.length === 1 && !query.isFetchingNextPage && showsNewRuns(filter),
    onAdded: (ids) => setArrived((current) => new Set([...current, ...ids].slice(-MAX_HIGHLIGHTED))),
  });
  useSocketEvent('process.created', (process) => {
    noteArrival(process.id);
    pending.current.push({ process, isNew: true });
  });
  useSocketEvent('process.updated', (process) => {
    noteArrival(process.id);
    pending.current.push({ process, isNew: false });
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items, arrived };
}

export const isFinished = (status: ProcessSummary['status']) => FINISHED_STATUSES.includes(status);

/** One process; while it runs, status changes and log lines stream in. */
export function useProcess(processId: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.process(processId);
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => processesApi.get(processId, signal) });
  const running = !!query.data && !isFinished(query.data.status);

  useSocketEvent('process.updated', (summary) => {
    if (summary.id !== processId) return;
    const { request: _request, responseStatus: _status, ...changes } = summary;
    queryClient.setQueryData<ProcessRecord>(key, (record) => (record ? { ...record, ...changes } : record));
    // The finished record carries the response and every log line: fetch it whole. A fetch still
    // in flight (the page just opened, as after a re-run) may have read the record before it
    // finished, and a refetch would only join it: drop it and read again.
    if (isFinished(summary.status)) {
      void queryClient
        .cancelQueries({ queryKey: key, exact: true })
        .then(() => queryClient.invalidateQueries({ queryKey: key, exact: true }));
    }
  });
  useProcessLogStream(processId, running, ({ line }) => {
    queryClient.setQueryData<ProcessRecord>(key, (record) =>
      record ? { ...record, logs: [...record.logs, line] } : record,
    );
  });
  return query;
}

export function useRerun() {
  return useMutation({ mutationFn: (processId: string) => processesApi.rerun(processId) });
}

/** A mutation of one process whose answer is the process: shown at once, then read again. */
function useProcessMutation(processId: string, call: (processId: string) => Promise<ProcessRecord>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(processId),
    onSuccess: (record) => {
      queryClient.setQueryData<ProcessRecord>(queryKeys.process(processId), (old) =>
        old ? { ...old, ...record } : record,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.process(processId), exact: true });
    },
  });
}

export function useCancel(processId: string) {
  return useProcessMutation(processId, processesApi.cancel);
}

/** Delivers the callback again; the attempts that follow arrive with `process.updated`. */
export function useDeliverCallback(processId: string) {
  return useProcessMutation(processId, processesApi.deliverCallback);
}
