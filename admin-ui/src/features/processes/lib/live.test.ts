import type { ProcessSummary } from '@contract';
import { describe, expect, it } from 'vitest';
import { matchesFilter, mergeLive } from './live';

function summary(id: string, queuedAt: string, patch: Partial<ProcessSummary> = {}): ProcessSummary {
  return {
    id,
    endpointId: 'e1',
    slug: 'lead',
    scenarioVersion: 1,
    mode: 'sync',
    status: 'running',
    attempt: 1,
    request: { method: 'POST', url: 'http://h/api/webrequest/lead', subpath: '' },
    responseStatus: null,
    logsTruncated: false,
    error: null,
    queuedAt,
    startedAt: queuedAt,
    finishedAt: null,
    durationMs: null,
    ip: '127.0.0.1',
    principal: null,
    rerunOf: null,
    idempotencyKey: null,
    ...patch,
  };
}

const pages = (items: ProcessSummary[], nextCursor: string | null = null) => ({
  pages: [{ items, nextCursor }],
  pageParams: [null],
});

describe('live process list', () => {
  it('puts a new process on top when it matches the filter', () => {
    const data = pages([summary('a', '2026-11-23T10:00:00Z')]);
    const next = mergeLive(data, summary('b', '2026-11-23T10:05:00Z'), {});
    expect(next?.pages[0]?.items.map((p) => p.id)).toEqual(['b', 'a']);
  });

  it('leaves out a new process the filter excludes', () => {
    const data = pages([]);
    expect(mergeLive(data, summary('b', '2026-11-23T10:05:00Z'), { statuses: ['failed'] })).toBe(data);
    expect(mergeLive(data, summary('b', '2026-11-23T10:05:00Z'), { endpointId: 'other' })).toBe(data);
    expect(mergeLive(data, summary('b', '2026-11-23T10:05:00Z'), { q: 'nothing-like-it' })).toBe(data);
  });

  it('updates a listed process in place, whatever the filter', () => {
    const data = pages([summary('a', '2026-11-23T10:00:00Z'), summary('c', '2026-11-23T09:00:00Z')]);
    const next = mergeLive(data, summary('c', '2026-11-23T09:00:00Z', { status: 'succeeded', durationMs: 12 }), {
      statuses: ['running'],
    });
    expect(next?.pages[0]?.items[1]).toMatchObject({ id: 'c', status: 'succeeded', durationMs: 12 });
  });

  it('does not insert a process older than every loaded row while more pages remain', () => {
    const data = pages([summary('a', '2026-11-23T10:00:00Z')], 'cursor-1');
    expect(mergeLive(data, summary('old', '2026-11-22T10:00:00Z'), {})).toBe(data);
  });

  it('matches free text on id, slug, URL and error message', () => {
    const process = summary('p-123', '2026-11-23T10:00:00Z', {
      error: { code: 'scenario_error', name: 'Error', message: 'Boom here' },
    });
    expect(matchesFilter(process, { q: 'boom' })).toBe(true);
    expect(matchesFilter(process, { q: 'P-12' })).toBe(true);
    expect(matchesFilter(process, { from: '2026-11-23T11:00:00Z' })).toBe(false);
  });

  it('shows a live run in a list filtered by idempotency key only when its key is exactly that one', () => {
    const data = pages([]);
    const keyed = summary('k', '2026-11-23T10:05:00Z', { idempotencyKey: 'order-42' });
    expect(mergeLive(data, keyed, { idempotencyKey: 'order-42' })?.pages[0]?.items.map((p) => p.id)).toEqual(['k']);
    expect(mergeLive(data, keyed, { idempotencyKey: 'order-4' })).toBe(data);
    expect(mergeLive(data, keyed, { idempotencyKey: 'ORDER-42' })).toBe(data);
    expect(mergeLive(data, summary('n', '2026-11-23T10:05:00Z'), { idempotencyKey: 'order-42' })).toBe(data);
  });
});
