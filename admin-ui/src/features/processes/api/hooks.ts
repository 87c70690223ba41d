import { FINISHED_STATUSES, type ProcessRecord, type ProcessSummary } from '@contract';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { processesApi, type ProcessFilter } from '../../../api/processes';
import { queryKeys } from '../../../lib/query-keys';
import { useProcessLogStream, useSocketEvent } from '../../../lib/socket';
import { mergeLive } from '../lib/live';

const listKey = (filter: ProcessFilter) => ['processes', 'list', filter] as const;

/** Newest first, paged by cursor, kept live by the socket's `process.created` / `process.updated`. */
export function useProcessList(filter: ProcessFilter) {
  const queryClient = useQueryClient();
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  const query = useInfiniteQuery({
    queryKey: listKey(filter),
    queryFn: ({ pageParam, signal }) => processesApi.list(filter, { cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const merge = (process: ProcessSummary, isNew: boolean) => {
    queryClient.setQueryData(listKey(filter), (data: Parameters<typeof mergeLive>[0]) => {
      const next = mergeLive(data, process, filter);
      if (isNew && next !== data) setArrived((ids) => new Set(ids).add(process.id));
      return next;
    });
  };
  useSocketEvent('process.created', (process) => merge(process, true));
  useSocketEvent('process.updated', (process) => merge(process, false));
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
    // The finished record carries the response and every log line: fetch it whole.
    if (isFinished(summary.status)) void queryClient.invalidateQueries({ queryKey: key, exact: true });
  });
  useProcessLogStream(processId, running, ({ line }) => {
    queryClient.setQueryData<ProcessRecord>(key, (record) => (record ? { ...record, logs: [...record.logs, line] } : record));
  });
  return query;
}

export function useRerun() {
  return useMutation({ mutationFn: (processId: string) => processesApi.rerun(processId) });
}

export function useCancel(processId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => processesApi.cancel(processId),
    onSuccess: (record) => {
      queryClient.setQueryData<ProcessRecord>(queryKeys.process(processId), (old) => (old ? { ...old, ...record } : record));
      void queryClient.invalidateQueries({ queryKey: queryKeys.process(processId), exact: true });
    },
  });
}
