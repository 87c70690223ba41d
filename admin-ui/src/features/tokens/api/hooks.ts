import type { ApiTokenCreateInput, ApiTokenInfo } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { tokensApi } from '../../../api/admin';
import { queryKeys } from '../../../lib/query-keys';

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: ({ signal }) => tokensApi.list(signal) });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiTokenCreateInput) => tokensApi.create(input),
    onSuccess: ({ token: _secret, ...info }) =>
      // The secret itself is never cached: it is shown once by the dialog and then forgotten.
      queryClient.setQueryData<ApiTokenInfo[]>(queryKeys.tokens, (list) => (list ? [...list, info] : [info])),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) => tokensApi.revoke(tokenId),
    onSuccess: (_data, tokenId) =>
      queryClient.setQueryData<ApiTokenInfo[]>(queryKeys.tokens, (list) => list?.filter((item) => item.id !== tokenId)),
  });
}
