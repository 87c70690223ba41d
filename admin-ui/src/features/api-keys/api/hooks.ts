import type { ApiKeyCreateInput, ApiKeyInfo } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiKeysApi } from '../../../api/api-keys';
import { queryKeys } from '../../../lib/query-keys';

export function useApiKeys() {
  return useQuery({ queryKey: queryKeys.apiKeys, queryFn: ({ signal }) => apiKeysApi.list(signal) });
}

// The key itself is never put in the query cache: the shown-once dialog holds it, then it is gone.

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiKeyCreateInput) => apiKeysApi.create(input),
    onSuccess: ({ apiKey }) =>
      queryClient.setQueryData<ApiKeyInfo[]>(queryKeys.apiKeys, (list) => (list ? [...list, apiKey] : [apiKey])),
  });
}

export function useRotateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ keyId, overlapSeconds }: { keyId: string; overlapSeconds: number }) =>
      apiKeysApi.rotate(keyId, overlapSeconds),
    // The old key's end of overlap is the server's to say: read the list again.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys, exact: true }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => apiKeysApi.revoke(keyId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys, exact: true }),
  });
}
