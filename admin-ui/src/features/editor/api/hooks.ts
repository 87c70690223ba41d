import type { EndpointDetail, PublishInput, ScenarioDraftInfo, ScenarioLanguage, ScenarioVersionInfo } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { scenarioApi } from '../../../api/endpoints';
import { queryKeys } from '../../../lib/query-keys';

function newestFirst(items: ScenarioVersionInfo[]): ScenarioVersionInfo[] {
  return [...items].sort((a, b) => b.version - a.version);
}

export function useScenarioVersions(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.versions(endpointId),
    queryFn: ({ signal }) => scenarioApi.versions(endpointId, signal),
    // Newest first, whatever order the server keeps them in.
    select: newestFirst,
  });
}

/**
 * After a publish or restore the endpoint shows the new version and its code, and the version
 * list holds it at once: a diff drawn before the list is fetched again must not compare the
 * wrong versions (the old "v4 vs v5" showing version 1 right after a restore).
 */
function useAcceptVersion(endpointId: string) {
  const queryClient = useQueryClient();
  return (version: ScenarioVersionInfo, options: { enabled?: boolean } = {}) => {
    queryClient.setQueryData<EndpointDetail>(queryKeys.endpoint(endpointId), (endpoint) =>
      endpoint
        ? {
            ...endpoint,
            code: version.code,
            language: version.language,
            scenarioVersion: version.version,
            ...(options.enabled ? { enabled: true } : {}),
          }
        : endpoint,
    );
    queryClient.setQueryData<ScenarioVersionInfo[]>(queryKeys.versions(endpointId), (list) =>
      list ? [version, ...list.filter((item) => item.version !== version.version)] : list,
    );
    void queryClient.invalidateQueries({ queryKey: queryKeys.versions(endpointId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.endpoints, exact: true });
  };
}

export function useRestoreVersion(endpointId: string) {
  const accept = useAcceptVersion(endpointId);
  return useMutation({
    mutationFn: (version: number) => scenarioApi.restore(endpointId, version),
    onSuccess: (version) => accept(version),
  });
}

/** The saved draft (null when there is none). */
export function useDraft(endpointId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.draft(endpointId),
    queryFn: ({ signal }) => scenarioApi.draft(endpointId, signal),
    enabled: options.enabled ?? true,
    // The editor starts from what it read once; a refetch must not replace what is being typed.
    refetchOnWindowFocus: false,
  });
}

export function useSaveDraft(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ code, language }: { code: string; language: ScenarioLanguage }) =>
      scenarioApi.saveDraft(endpointId, code, language),
    onSuccess: (draft) => queryClient.setQueryData<ScenarioDraftInfo | null>(queryKeys.draft(endpointId), draft),
  });
}

export function useDiscardDraft(endpointId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => scenarioApi.discardDraft(endpointId),
    onSuccess: () => queryClient.setQueryData<ScenarioDraftInfo | null>(queryKeys.draft(endpointId), null),
  });
}

export function usePublishDraft(endpointId: string) {
  const queryClient = useQueryClient();
  const accept = useAcceptVersion(endpointId);
  return useMutation({
    mutationFn: (input: PublishInput) => scenarioApi.publish(endpointId, input),
    onSuccess: (version, input) => {
      accept(version, { enabled: input.enable });
      queryClient.setQueryData<ScenarioDraftInfo | null>(queryKeys.draft(endpointId), null);
    },
  });
}
