import type { ProcessSummary } from '@contract';
import { describe, expect, it } from 'vitest';
import { matchesFilter, mergeFirstPage, mergeLive } from './live';

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
    bodyPreview: null,
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

describe('the first page read again', () => {
  const page = (items: ProcessSummary[], nextCursor: string | null = null) => ({ items, nextCursor });
  const ids = (data: ReturnType<typeof mergeFirstPage>['data']) => data?.pages[0]?.items.map((p) => p.id);

  it('shows the runs another instance recorded, once each, and says which are new', () => {
    const a = summary('a', '2026-11-23T10:00:00Z');
    const data = pages([a]);
    const merged = mergeFirstPage(
      data,
      page([summary('c', '2026-11-23T10:02:00Z'), summary('b', '2026-11-23T10:01:00Z'), a]),
      new Set(),
    );
    expect(ids(merged.data)).toEqual(['c', 'b', 'a']);
    expect(merged.added).toEqual(['c', 'b']);
  });

  it('keeps the copy of a run that is further on when a live event overtook the read', () => {
    const finished = summary('a', '2026-11-23T10:00:00Z', { status: 'succeeded', durationMs: 5 });
    const merged = mergeFirstPage(
      pages([finished]),
      page([summary('a', '2026-11-23T10:00:00Z', { status: 'running' }), summary('z', '2026-11-23T09:00:00Z')]),
      new Set(),
    );
    expect(merged.data?.pages[0]?.items[0]).toBe(finished);
    // A retry is further on than the finished first attempt it follows.
    const retried = summary('a', '2026-11-23T10:00:00Z', { status: 'running', attempt: 2 });
    expect(mergeFirstPage(pages([finished]), page([retried]), new Set()).data?.pages[0]?.items[0]).toBe(retried);
  });

  it('keeps rows that arrived while the page was read, and lets go of rows the page no longer holds', () => {
    const during = summary('new', '2026-11-23T10:03:00Z');
    const gone = summary('gone', '2026-11-23T10:02:00Z');
    const kept = summary('a', '2026-11-23T10:00:00Z');
    const merged = mergeFirstPage(pages([during, gone, kept], 'c1'), page([kept], 'c2'), new Set(['new']));
    expect(ids(merged.data)).toEqual(['new', 'a']);
    expect(merged.data?.pages[0]?.nextCursor).toBe('c2');
    expect(merged.added).toEqual([]);
  });

  it('changes nothing when the page read is what the list shows, so nothing re-renders', () => {
    const items = [summary('b', '2026-11-23T10:01:00Z'), summary('a', '2026-11-23T10:00:00Z')];
    const data = pages(items, 'c1');
    const same = mergeFirstPage(data, page(structuredClone(items), 'c1'), new Set());
    expect(same.data).toBe(data);
    expect(same.added).toEqual([]);
  });

  it('leaves the list alone once more than the first page is loaded', () => {
    const data = {
      pages: [page([summary('a', '2026-11-23T10:00:00Z')], 'c1'), page([], null)],
      pageParams: [null, 'c1'],
    };
    expect(mergeFirstPage(data, page([summary('n', '2026-11-23T10:05:00Z')]), new Set()).data).toBe(data);
  });
});
