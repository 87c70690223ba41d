import type { TestRunRequest } from '@contract';
import { useMutation, useQuery } from '@tanstack/react-query';
import { scenarioApi } from '../../../api/endpoints';
import { processesApi } from '../../../api/processes';
import { queryKeys } from '../../../lib/query-keys';

export function useTestRun(endpointId: string) {
  return useMutation({ mutationFn: (input: TestRunRequest) => scenarioApi.testRun(endpointId, input) });
}

/** The latest processes of the endpoint, to take a recorded request from. */
export function useRecentProcesses(endpointId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.recentProcesses(endpointId),
    queryFn: ({ signal }) => processesApi.list({ endpointId }, { limit: 20 }, signal).then((page) => page.items),
    enabled,
    staleTime: 5_000,
  });
}

export function useRecordedRequest(processId: string | null) {
  return useQuery({
    queryKey: queryKeys.process(processId ?? ''),
    queryFn: ({ signal }) => processesApi.get(processId!, signal),
    enabled: !!processId,
  });
}
