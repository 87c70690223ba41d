import type { ProcessCallback, ProcessRecord } from '@contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/render';
import { CallbackPanel } from './CallbackPanel';

const failed: ProcessCallback = {
  url: 'https://receiver.example.com/hooks/scriptgate',
  status: 'failed',
  nextAttemptAt: null,
  attempts: [
    { at: '2026-11-23T10:00:00Z', status: 500, error: 'answered 500', durationMs: 120 },
    { at: '2026-11-23T10:00:11Z', error: 'timeout after 10000 ms', durationMs: 10_000 },
    { at: '2026-11-23T10:00:32Z', error: 'blocked: 10.0.0.5 is a private address', durationMs: 2 },
    { at: '2026-11-23T10:01:13Z', status: 503, durationMs: 80 },
  ],
};
const recordWith = (callback: ProcessCallback | null, status: ProcessRecord['status'] = 'succeeded') =>
  ({ id: 'p-123', mode: 'async', status, callback }) as ProcessRecord;

function stubDeliverAgain(answer: ProcessRecord) {
  const fetchMock = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => vi.unstubAllGlobals());

describe('callback on the process page', () => {
  it('shows the URL, the status and every attempt with its status or error and duration', () => {
    renderWithProviders(<CallbackPanel record={recordWith(failed)} canDeliver={false} />);
    expect(screen.getByText('https://receiver.example.com/hooks/scriptgate')).toBeTruthy();
    expect(screen.getByTestId('callback-status').textContent).toBe('Failed');
    expect(screen.getByTestId('callback-status').className).toContain('badge--bad');
    const attempts = screen.getAllByTestId('callback-attempt');
    expect(attempts).toHaveLength(4);
    expect(within(attempts[0]!).getByText('500')).toBeTruthy();
    expect(attempts[0]!.textContent).toContain('120 ms');
    expect(attempts[1]!.textContent).toContain('timeout after 10000 ms');
    expect(attempts[2]!.textContent).toContain('blocked: 10.0.0.5 is a private address');
    expect(attempts[3]!.textContent).toContain('503');
    // A viewer reads it but cannot send it again.
    expect(screen.queryByRole('button', { name: 'Deliver again' })).toBeNull();
  });

  it('shows when the next attempt of a pending delivery is due', () => {
    const next = new Date(Date.now() + 20_000).toISOString();
    renderWithProviders(
      <CallbackPanel
        record={recordWith({
          ...failed,
          status: 'pending',
          nextAttemptAt: next,
          attempts: failed.attempts.slice(0, 1),
        })}
        canDeliver
      />,
    );
    expect(screen.getByTestId('callback-status').textContent).toBe('Pending');
    expect(screen.getByText('Next attempt')).toBeTruthy();
    expect(screen.getByText(/in 2\d seconds|in 19 seconds/)).toBeTruthy();
  });

  it('says a delivery that has not been tried yet has no attempts', () => {
    renderWithProviders(
      <CallbackPanel
        record={recordWith({ ...failed, status: 'pending', nextAttemptAt: null, attempts: [] }, 'running')}
        canDeliver
      />,
    );
    expect(screen.getByText('No attempt yet.')).toBeTruthy();
    // Not finished: nothing to deliver again yet.
    expect((screen.getByRole('button', { name: 'Deliver again' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('renders nothing for a process without a callback', () => {
    const { container } = renderWithProviders(<CallbackPanel record={recordWith(null)} canDeliver />);
    expect(container.querySelector('.panel')).toBeNull();
  });

  it('delivers again through the admin API and shows the restarted delivery', async () => {
    const restarted = recordWith({ ...failed, status: 'pending', nextAttemptAt: new Date().toISOString() });
    const fetchMock = stubDeliverAgain(restarted);
    const { queryClient } = renderWithProviders(<CallbackPanel record={recordWith(failed)} canDeliver />);
    await userEvent.click(screen.getByRole('button', { name: 'Deliver again' }));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0]!;
    expect(url).toBe('/api/admin/processes/p-123/callback');
    expect(init?.method).toBe('POST');
    await screen.findByText('The callback is being delivered again; the attempt appears here.');
    expect(queryClient.getQueryData<ProcessRecord>(['processes', 'p-123'])?.callback?.status).toBe('pending');
  });

  it('shows the server’s reason when it refuses to deliver again', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(
            JSON.stringify({ error: { code: 'conflict', message: 'This process has no callback to deliver' } }),
            {
              status: 409,
              headers: { 'content-type': 'application/json' },
            },
          ),
      ),
    );
    renderWithProviders(<CallbackPanel record={recordWith(failed)} canDeliver />);
    await userEvent.click(screen.getByRole('button', { name: 'Deliver again' }));
    await screen.findByText('This process has no callback to deliver');
  });
});
