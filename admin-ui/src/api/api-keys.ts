import type { ApiKeyCreated, ApiKeyCreateInput, ApiKeyInfo } from '@contract';
import { api, seg } from './client';

/** Keys that callers of `apiKey` endpoints send (not the admin's own API tokens). */
export const apiKeysApi = {
  list: (signal?: AbortSignal) => api.get<{ items: ApiKeyInfo[] }>('/api-keys', signal).then((r) => r.items),
  create: (input: ApiKeyCreateInput) => api.post<ApiKeyCreated>('/api-keys', input),
  revoke: (id: string) => api.delete(`/api-keys/${seg(id)}`),
  /** A new key for the same name and scope; the old one keeps working for `overlapSeconds`. */
  rotate: (id: string, overlapSeconds: number) =>
    api.post<ApiKeyCreated>(`/api-keys/${seg(id)}/rotate`, { overlapSeconds }),
};
