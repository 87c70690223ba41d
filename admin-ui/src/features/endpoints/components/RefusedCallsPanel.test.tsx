import type { RefusedCall, RefusedCallsList } from '@contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { RefusedCallsPanel } from './RefusedCallsPanel';

const call = (overrides: Partial<RefusedCall> = {}): RefusedCall => ({
  at: new Date(Date.now() - 60_000).toISOString(),
  reason: 'origin_not_allowed',
  status: 403,
  method: 'POST',
  origin: 'https://evil.example',
  ip: '203.0.113.9',
  path: '/api/webrequest/contact',
  ...overrides,
});

function serve(list: RefusedCallsList | { status: number }) {
  const fetchMock = vi.fn(async (url: string) => {
    if (url === '/api/admin/endpoints/e1/refusals' && !('status' in list)) {
      return new Response(JSON.stringify(list), { headers: { 'content-type': 'application/json' } });
    }
    const status = 'status' in list ? list.status : 404;
    return new Response(JSON.stringify({ error: { code: 'forbidden', message: 'Your role cannot do this' } }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(async () => {
  vi.unstubAllGlobals();
  await i18next.changeLanguage('en');
});

describe('refused calls on the endpoint’s page', () => {
  it('shows each refused call with its reason, what fixes it, method, origin, address and path', async () => {
    serve({
      items: [call(), call({ reason: 'invalid_body', status: 400, origin: null, method: 'PUT', ip: '198.51.100.7' })],
      capacity: 50,
      since: '2026-11-30T00:00:00Z',
    });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    const table = await screen.findByTestId('refusals-table');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const [fromEvil, badJson] = rows as [HTMLElement, HTMLElement];
    expect(fromEvil.textContent).toContain('The calling site is not among the allowed CORS origins');
    expect(fromEvil.textContent).toContain('403 origin_not_allowed');
    expect(fromEvil.textContent).toContain('add this origin to Allowed origins');
    expect(fromEvil.textContent).toContain('https://evil.example');
    expect(fromEvil.textContent).toContain('203.0.113.9');
    expect(fromEvil.textContent).toContain('/api/webrequest/contact');
    expect(fromEvil.textContent).toContain('1 minute ago');
    expect(badJson.textContent).toContain('400 invalid_body');
    expect(badJson.textContent).toContain('PUT');
    expect(badJson.textContent).toContain('none (not a browser)');
    expect(screen.getByText(/The last 50 per endpoint are kept in this server’s memory/)).toBeTruthy();
  });

  it('says plainly when nothing was refused', async () => {
    serve({ items: [], capacity: 50, since: '2026-11-30T00:00:00Z' });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    expect((await screen.findByTestId('refusals-empty')).textContent).toMatch(/^No call refused since /);
  });

  it('shows the newest ten first and the rest on request', async () => {
    const items = Array.from({ length: 14 }, (_, i) => call({ path: `/api/webrequest/contact/${i}` }));
    serve({ items, capacity: 50, since: '2026-11-30T00:00:00Z' });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    const table = await screen.findByTestId('refusals-table');
    expect(within(table).getAllByRole('row')).toHaveLength(11);
    await userEvent.click(screen.getByRole('button', { name: 'Show all 14' }));
    expect(within(table).getAllByRole('row')).toHaveLength(15);
  });

  it('asks the server again when Refresh is pressed', async () => {
    const fetchMock = serve({ items: [], capacity: 50, since: '2026-11-30T00:00:00Z' });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    await screen.findByTestId('refusals-empty');
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await vi.waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(2));
  });

  it('speaks Russian', async () => {
    await i18next.changeLanguage('ru');
    serve({ items: [call()], capacity: 50, since: '2026-11-30T00:00:00Z' });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    const table = await screen.findByTestId('refusals-table');
    expect(screen.getByRole('heading', { name: 'Отклонённые вызовы' })).toBeTruthy();
    expect(table.textContent).toContain('Вызывающего сайта нет среди разрешённых источников CORS');
  });

  it('shows the server’s refusal when the list cannot be read', async () => {
    serve({ status: 403 });
    renderWithProviders(<RefusedCallsPanel endpointId="e1" />);
    expect(await screen.findByRole('alert')).toBeTruthy();
  });
});
