/** React Query keys in one place, so a mutation in one feature refreshes what another shows. */
export const queryKeys = {
  endpoints: ['endpoints'] as const,
  endpoint: (id: string) => ['endpoints', id] as const,
  versions: (id: string) => ['endpoints', id, 'versions'] as const,
  draft: (id: string) => ['endpoints', id, 'draft'] as const,
  endpointOpenapi: (id: string) => ['endpoints', id, 'openapi'] as const,
  refusedCalls: (id: string) => ['endpoints', id, 'refusals'] as const,
  process: (id: string) => ['processes', id] as const,
  recentProcesses: (endpointId: string) => ['processes', 'recent', endpointId] as const,
  users: ['users'] as const,
  tokens: ['tokens'] as const,
  secrets: ['secrets'] as const,
  apiKeys: ['apiKeys'] as const,
  audit: ['audit'] as const,
};
