import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { secretsApi } from '../../../api/admin';
import { queryKeys } from '../../../lib/query-keys';

export function useSecrets() {
  return useQuery({ queryKey: queryKeys.secrets, queryFn: ({ signal }) => secretsApi.list(signal) });
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
