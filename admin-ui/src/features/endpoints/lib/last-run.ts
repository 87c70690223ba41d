import type { EndpointListItem, ProcessSummary } from '@contract';

/** A live process event, applied to the endpoint list's "last run" column. */
export function applyLastRun(
  list: EndpointListItem[] | undefined,
  process: ProcessSummary,
): EndpointListItem[] | undefined {
  if (!list) return list;
  let changed = false;
  const next = list.map((endpoint) => {
    if (endpoint.id !== process.endpointId) return endpoint;
    const last = endpoint.lastRun;
    const newer = !last || last.processId === process.id || Date.parse(process.queuedAt) >= Date.parse(last.at);
    if (!newer) return endpoint;
    changed = true;
    return { ...endpoint, lastRun: { processId: process.id, status: process.status, at: process.queuedAt } };
  });
  return changed ? next : list;
}
