import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApi } from '../../../api/admin';
import { queryKeys } from '../../../lib/query-keys';

/** The secret list is the admin's: other roles pass `enabled: false` rather than be refused. */
export function useSecrets(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.secrets,
    queryFn: ({ signal }) => secretsApi.list(signal),
    enabled: options.enabled ?? true,
  });
}

export function usePutSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, value }: { name: string; value: string }) => secretsApi.put(name, value),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
  });
}

export function useDeleteSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => secretsApi.remove(name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.secrets }),
  });
}
