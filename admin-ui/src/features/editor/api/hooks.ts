import type { EndpointDetail, ScenarioLanguage, ScenarioVersionInfo } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { scenarioApi } from '../../../api/endpoints';
import { queryKeys } from '../../../lib/query-keys';

export function useScenarioVersions(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.versions(endpointId),
    queryFn: ({ signal }) => scenarioApi.versions(endpointId, signal),
    // Newest first, whatever order the server keeps them in.
    select: (items: ScenarioVersionInfo[]) => [...items].sort((a, b) => b.version - a.version),
  });
}

/** After a save or restore the endpoint shows the new version and its code. */
function useAcceptVersion(endpointId: string) {
  const queryClient = useQueryClient();
  return (version: ScenarioVersionInfo) => {
    queryClient.setQueryData<EndpointDetail>(queryKeys.endpoint(endpointId), (endpoint) =>
      endpoint
        ? { ...endpoint, code: version.code, language: version.language, scenarioVersion: version.version }
        : endpoint,
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.versions(endpointId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints, exact: true });
  };
}

export function useSaveScenario(endpointId: string) {
  const accept = useAcceptVersion(endpointId);
  return useMutation({
    mutationFn: ({ code, language }: { code: string; language: ScenarioLanguage }) =>
      scenarioApi.save(endpointId, code, language),
    onSuccess: accept,
  });
}

export function useRestoreVersion(endpointId: string) {
  const accept = useAcceptVersion(endpointId);
  return useMutation({
    mutationFn: (version: number) => scenarioApi.restore(endpointId, version),
    onSuccess: accept,
  });
}
