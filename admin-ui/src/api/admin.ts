import type { ApiTokenCreated, ApiTokenCreateInput, ApiTokenInfo, Role, SecretInfo, User } from '@contract';
import { api, seg } from './client';

export interface UserCreateInput {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface UserUpdateInput {
  name?: string;
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export type CreatedApiToken = ApiTokenCreated;

export const usersApi = {
  list: (signal?: AbortSignal) => api.get<{ items: User[] }>('/users', signal).then((r) => r.items),
  create: (input: UserCreateInput) => api.post<User>('/users', input),
  update: (id: string, patch: UserUpdateInput) => api.patch<User>(`/users/${seg(id)}`, patch),
};

export const tokensApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ApiTokenInfo[] }>('/tokens', signal).then((r) => r.items),
  create: (input: ApiTokenCreateInput) => api.post<CreatedApiToken>('/tokens', input),
  revoke: (id: string) => api.delete(`/tokens/${seg(id)}`),
};

export const secretsApi = {
  list: (signal?: AbortSignal) => api.get<{ items: SecretInfo[] }>('/secrets', signal).then((r) => r.items),
  put: (name: string, value: string) => api.put<void>(`/secrets/${seg(name)}`, { value }),
  remove: (name: string) => api.delete(`/secrets/${seg(name)}`),
};
