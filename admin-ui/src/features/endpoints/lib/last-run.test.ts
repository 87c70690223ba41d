import type { EndpointListItem, ProcessSummary } from '@contract';
import { describe, expect, it } from 'vitest';
import { applyLastRun } from './last-run';

const endpoint = (id: string, lastRun: EndpointListItem['lastRun']) => ({ id, lastRun }) as EndpointListItem;
const process = (id: string, endpointId: string, queuedAt: string, status: ProcessSummary['status']) =>
  ({ id, endpointId, queuedAt, status }) as ProcessSummary;

describe('live last run', () => {
  it('shows a newer run and status changes of the shown run', () => {
    const list = [
      endpoint('e1', { processId: 'p1', status: 'running', at: '2026-11-23T10:00:00Z' }),
      endpoint('e2', null),
    ];
    const updated = applyLastRun(list, process('p1', 'e1', '2026-11-23T10:00:00Z', 'succeeded'));
    expect(updated?.[0]?.lastRun).toEqual({ processId: 'p1', status: 'succeeded', at: '2026-11-23T10:00:00Z' });
    const first = applyLastRun(list, process('p9', 'e2', '2026-11-23T09:00:00Z', 'queued'));
    expect(first?.[1]?.lastRun?.processId).toBe('p9');
  });

  it('ignores an older run and other endpoints', () => {
    const list = [endpoint('e1', { processId: 'p2', status: 'failed', at: '2026-11-23T10:00:00Z' })];
    expect(applyLastRun(list, process('p1', 'e1', '2026-11-23T09:00:00Z', 'succeeded'))).toBe(list);
    expect(applyLastRun(list, process('p3', 'other', '2026-11-23T11:00:00Z', 'succeeded'))).toBe(list);
  });
});
