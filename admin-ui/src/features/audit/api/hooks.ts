import { useInfiniteQuery } from '@tanstack/react-query';
import { auditApi, type AuditFilter } from '../../../api/audit';
import { queryKeys } from '../../../lib/query-keys';

/** Newest first, paged by the server's cursor. */
export function useAuditLog(filter: AuditFilter) {
  const query = useInfiniteQuery({
    queryKey: [...queryKeys.audit, filter],
    queryFn: ({ pageParam, signal }) => auditApi.list(filter, { cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}
