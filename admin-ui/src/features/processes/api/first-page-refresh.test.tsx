import type { ProcessPage, ProcessSummary } from '@contract';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProcessFilter } from '../../../api/processes';
import { renderWithProviders } from '../../../test/render';
import { REFRESH_EVERY_MS } from './first-page-refresh';
import { useProcessList } from './hooks';

function summary(id: string, queuedAt: string, patch: Partial<ProcessSummary> = {}): ProcessSummary {
  return {
    id,
    endpointId: 'e1',
    slug: 'lead',
    scenarioVersion: 1,
    mode: 'sync',
    status: 'succeeded',
    attempt: 1,
    request: { method: 'POST', url: 'http://h/api/webrequest/lead', subpath: '' },
    responseStatus: 200,
    bodyPreview: null,
    logsTruncated: false,
    error: null,
    queuedAt,
    startedAt: queuedAt,
    finishedAt: queuedAt,
    durationMs: 3,
    ip: '127.0.0.1',
    principal: null,
    rerunOf: null,
    idempotencyKey: null,
    ...patch,
  };
}

/** The admin API as this test's server: the first page is whatever `firstPage` holds now. */
let firstPage: ProcessPage<ProcessSummary>;
const secondPage: ProcessPage<ProcessSummary> = { items: [summary('old', '2026-11-23T08:00:00Z')], nextCursor: null };
const listCalls: string[] = [];

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  firstPage = { items: [summary('a', '2026-11-23T10:00:00Z')], nextCursor: 'c1' };
  listCalls.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      listCalls.push(url);
      const body = new URL(url, 'http://admin.test').searchParams.get('cursor') ? secondPage : firstPage;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  setHidden(false);
});

let hidden = false;
function setHidden(value: boolean) {
  hidden = value;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  document.dispatchEvent(new Event('visibilitychange'));
}

function List({ filter }: { filter: ProcessFilter }) {
  const list = useProcessList(filter);
  return (
    <>
      <ul>
        {list.items.map((process) => (
          <li key={process.id} data-testid="row" data-arrived={list.arrived.has(process.id)}>
            {process.id}
          </li>
        ))}
      </ul>
      {list.hasNextPage ? (
        <button type="button" onClick={() => void list.fetchNextPage()}>
          more
        </button>
      ) : null}
    </>
  );
}

const rows = () => screen.queryAllByTestId('row').map((row) => row.textContent);
const newRun = summary('b', '2026-11-23T10:01:00Z');

async function elapse(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

describe('the open process list', () => {
  it("shows another instance's run within a few seconds, once, marked new", async () => {
    renderWithProviders(<List filter={{}} />);
    expect(await screen.findByText('a')).toBeTruthy();
    firstPage = { items: [newRun, ...firstPage.items], nextCursor: 'c1' };
    await elapse(REFRESH_EVERY_MS);
    expect(rows()).toEqual(['b', 'a']);
    expect(screen.getByText('b').dataset.arrived).toBe('true');
    expect(screen.getByText('a').dataset.arrived).toBe('false');
    await elapse(REFRESH_EVERY_MS);
    expect(rows()).toEqual(['b', 'a']);
  });

  it('reads nothing while the tab is hidden, and catches up when it is shown again', async () => {
    renderWithProviders(<List filter={{}} />);
    await screen.findByText('a');
    const before = listCalls.length;
    setHidden(true);
    firstPage = { items: [newRun, ...firstPage.items], nextCursor: 'c1' };
    await elapse(REFRESH_EVERY_MS * 4);
    expect(listCalls.length).toBe(before);
    expect(rows()).toEqual(['a']);
    setHidden(false);
    await elapse(10);
    expect(rows()).toEqual(['b', 'a']);
  });

  it('stops reading the first page again once the user loaded the next one', async () => {
    renderWithProviders(<List filter={{}} />);
    await screen.findByText('a');
    await userEvent
      .setup({ advanceTimers: vi.advanceTimersByTime })
      .click(screen.getByRole('button', { name: 'more' }));
    expect(await screen.findByText('old')).toBeTruthy();
    const before = listCalls.length;
    await elapse(REFRESH_EVERY_MS * 3);
    expect(listCalls.length).toBe(before);
    expect(rows()).toEqual(['a', 'old']);
  });

  it('does not poll a time range that has already ended', async () => {
    renderWithProviders(<List filter={{ from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' }} />);
    await screen.findByText('a');
    const before = listCalls.length;
    await elapse(REFRESH_EVERY_MS * 3);
    expect(listCalls.length).toBe(before);
  });
});
