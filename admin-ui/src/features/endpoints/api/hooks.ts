import type { EndpointDetail, EndpointListItem } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { endpointsApi, type EndpointCreate, type EndpointInput } from '../../../api/endpoints';
import { queryKeys } from '../../../lib/query-keys';
import { useSocketEvent } from '../../../lib/socket';
import { applyLastRun } from '../lib/last-run';

export function useEndpoints() {
  return useQuery({ queryKey: queryKeys.endpoints, queryFn: ({ signal }) => endpointsApi.list(signal) });
}

/** Keeps the list's "last run" column live from the socket, without refetching the list. */
export function useLiveLastRuns() {
  const queryClient = useQueryClient();
  const apply = (process: Parameters<typeof applyLastRun>[1]) =>
    queryClient.setQueryData<EndpointListItem[]>(queryKeys.endpoints, (list) => applyLastRun(list, process));
  useSocketEvent('process.created', apply);
  useSocketEvent('process.updated', apply);
}

export function useEndpoint(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.endpoint(endpointId),
    queryFn: ({ signal }) => endpointsApi.get(endpointId, signal),
  });
}

export function useCreateEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: EndpointCreate) => endpointsApi.create(input),
    onSuccess: (endpoint) => {
      queryClient.setQueryData(queryKeys.endpoint(endpoint.id), endpoint);
      void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints, exact: true });
    },
  });
}

export function useUpdateEndpoint(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: EndpointInput) => endpointsApi.update(endpointId, patch),
    onSuccess: (endpoint) => {
      queryClient.setQueryData<EndpointDetail>(queryKeys.endpoint(endpointId), (old) =>
        old ? { ...old, ...endpoint } : old,
      );
      void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints, exact: true });
    },
  });
}

/** Replaces the callback secret; only the secret changes in the cached endpoint, not the form. */
export function useRegenerateCallbackSecret(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => endpointsApi.regenerateCallbackSecret(endpointId),
    onSuccess: ({ callbackSecret }) => {
      queryClient.setQueryData<EndpointDetail>(queryKeys.endpoint(endpointId), (old) =>
        old ? { ...old, callbackSecret } : old,
      );
    },
  });
}

/** The enable switch in the list: flips at once, rolls back if the server refuses. */
export function useToggleEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ endpointId, enabled }: { endpointId: string; enabled: boolean }) =>
      endpointsApi.update(endpointId, { enabled }),
    onMutate: async ({ endpointId, enabled }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.endpoints, exact: true });
      const before = queryClient.getQueryData<EndpointListItem[]>(queryKeys.endpoints);
      queryClient.setQueryData<EndpointListItem[]>(queryKeys.endpoints, (list) =>
        list?.map((item) => (item.id === endpointId ? { ...item, enabled } : item)),
      );
      return { before };
    },
    onError: (_error, _input, context) => {
      if (context?.before) queryClient.setQueryData(queryKeys.endpoints, context.before);
    },
    onSettled: (_data, _error, { endpointId }) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints, exact: true });
      void queryClient.invalidateQueries({ queryKey: queryKeys.endpoint(endpointId), exact: true });
    },
  });
}

export function useDeleteEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpointId: string) => endpointsApi.remove(endpointId),
    onSuccess: (_data, endpointId) => {
      queryClient.setQueryData<EndpointListItem[]>(queryKeys.endpoints, (list) =>
        list?.filter((item) => item.id !== endpointId),
      );
      queryClient.removeQueries({ queryKey: queryKeys.endpoint(endpointId) });
    },
  });
}
