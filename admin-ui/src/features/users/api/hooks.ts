import type { User } from '@contract';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usersApi, type UserCreateInput, type UserUpdateInput } from '../../../api/admin';
import { queryKeys } from '../../../lib/query-keys';

export function useUsers() {
  return useQuery({ queryKey: queryKeys.users, queryFn: ({ signal }) => usersApi.list(signal) });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: UserCreateInput) => usersApi.create(input),
    onSuccess: (user) => queryClient.setQueryData<User[]>(queryKeys.users, (list) => (list ? [...list, user] : [user])),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, patch }: { userId: string; patch: UserUpdateInput }) => usersApi.update(userId, patch),
    onSuccess: (user) =>
      queryClient.setQueryData<User[]>(queryKeys.users, (list) =>
        list?.map((item) => (item.id === user.id ? user : item)),
      ),
  });
}
