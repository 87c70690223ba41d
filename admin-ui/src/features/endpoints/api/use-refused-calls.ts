import type { RefusedCallsList } from '@contract';
import { useQuery } from '@tanstack/react-query';
import { api, seg } from '../../../api/client';
import { queryKeys } from '../../../lib/query-keys';

/** How often the list is asked again while the page is open: refusals make no socket event. */
const REFRESH_MS = 15_000;

/** The endpoint's last calls refused before a run (`GET /api/admin/endpoints/:id/refusals`). */
export function useRefusedCalls(endpointId: string) {
  return useQuery({
    queryKey: queryKeys.refusedCalls(endpointId),
    queryFn: ({ signal }) => api.get<RefusedCallsList>(`/endpoints/${seg(endpointId)}/refusals`, signal),
    refetchInterval: REFRESH_MS,
  });
}
