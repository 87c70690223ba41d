import type { EndpointDetail, Role } from '@contract';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../components/Toasts';
import { SessionProvider } from '../lib/session';
import { EndpointSettingsPage } from './endpoint-settings-page';

const OLD_SECRET = 'cbs_old_0123456789abcdefghijklmnopqrstuv';
const NEW_SECRET = 'cbs_new_zyxwvutsrqponmlkjihgfedcba987654';

const endpoint: EndpointDetail = {
  id: 'e1',
  slug: 'orders',
  name: 'Orders',
  description: '',
  enabled: true,
  methods: ['POST'],
  alwaysAsync: true,
  timeoutMs: null,
  cors: { origins: [], credentials: false, headers: [], maxAgeSeconds: 600 },
  access: { type: 'public' },
  ipAllowlist: [],
  rateLimit: null,
  failureAlert: { webhookUrl: null, email: 'ops@example.com', maxPerHour: 10 },
  asyncResponse: null,
  callbackUrl: 'https://receiver.example.com/hooks',
  callbackSecret: OLD_SECRET,
  bodyLimitBytes: null,
  cspSandbox: true,
  secrets: [],
  requestSchema: null,
  documented: false,
  scenarioVersion: 1,
  language: 'javascript',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  code: 'export default () => 1',
};

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function stubServer(role: Role, shown: EndpointDetail) {
  const calls: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    calls.push({ method, url, headers: (init?.headers ?? {}) as Record<string, string> });
    if (url === '/api/admin/session') {
      const user = { id: 'u1', email: 'e@example.test', name: 'E', role, disabled: false, createdAt: '' };
      return json({ user, csrfToken: 'csrf-1' });
    }
    if (url === '/api/admin/endpoints/e1' && method === 'GET') return json(shown);
    if (url === '/api/admin/endpoints/e1/callback-secret' && method === 'POST')
      return json({ callbackSecret: NEW_SECRET });
    return json({ error: { code: 'not_found', message: 'No such route' } }, 404);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

function renderPage() {
  const router = createMemoryRouter([{ path: '/endpoints/:endpointId/settings', element: <EndpointSettingsPage /> }], {
    initialEntries: ['/endpoints/e1/settings'],
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('callback secret and failure alerts in the endpoint settings', () => {
  it('masks the secret until shown, and regenerates it after a confirmation without losing unsaved edits', async () => {
    const calls = stubServer('editor', endpoint);
    renderPage();
    const secret = (await screen.findByTestId('callback-secret')) as HTMLInputElement;
    expect(secret.type).toBe('password');
    expect(secret.value).toBe(OLD_SECRET);
    await userEvent.click(screen.getByRole('button', { name: 'Show' }));
    expect(secret.type).toBe('text');
    expect(screen.getByRole('button', { name: 'Copy secret' })).toBeTruthy();

    const name = screen.getByLabelText('Name', { exact: true }) as HTMLInputElement;
    await userEvent.clear(name);
    await userEvent.type(name, 'Orders (unsaved)');

    await userEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Receivers that check the old one refuse them');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Regenerate' }));

    await waitFor(() => expect((screen.getByTestId('callback-secret') as HTMLInputElement).value).toBe(NEW_SECRET));
    const regenerate = calls.find((call) => call.url.endsWith('/callback-secret'))!;
    expect(regenerate.method).toBe('POST');
    expect(regenerate.headers['X-CSRF-Token']).toBe('csrf-1');
    expect((screen.getByTestId('callback-secret') as HTMLInputElement).type).toBe('text');
    expect((screen.getByLabelText('Name', { exact: true }) as HTMLInputElement).value).toBe('Orders (unsaved)');
    expect(screen.getByText('Unsaved changes')).toBeTruthy();
  });

  it('does not regenerate when the confirmation is cancelled', async () => {
    const calls = stubServer('admin', endpoint);
    renderPage();
    await screen.findByTestId('callback-secret');
    await userEvent.click(screen.getByRole('button', { name: 'Regenerate' }));
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((call) => call.url.endsWith('/callback-secret'))).toBe(false);
  });

  it('shows a viewer that a secret exists without it or a way to replace it', async () => {
    stubServer('viewer', { ...endpoint, callbackSecret: null });
    renderPage();
    await screen.findByText('Shown to admins and editors.');
    expect(screen.queryByTestId('callback-secret')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Regenerate' })).toBeNull();
  });

  it('shows the saved failure alerts as on, with their email and cap', async () => {
    stubServer('editor', endpoint);
    renderPage();
    expect((await screen.findByTestId('failure-alert-state')).textContent).toBe('On');
    expect((screen.getByLabelText('Email') as HTMLInputElement).value).toBe('ops@example.com');
    expect((screen.getByLabelText('At most per hour') as HTMLInputElement).value).toBe('10');
  });
});

describe('turning a live endpoint off in its settings', () => {
  function stubSaves() {
    stubServer('editor', endpoint);
    const base = globalThis.fetch;
    const saved: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      if (init?.method !== 'PATCH') return base(url, init);
      const patch = JSON.parse(String(init.body)) as Partial<EndpointDetail>;
      saved.push(patch);
      return json({ ...endpoint, ...patch });
    });
    return saved;
  }

  it('asks first, naming the endpoint and what callers get; saves nothing when the user keeps it on', async () => {
    const saved = stubSaves();
    renderPage();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable Orders?' });
    expect(dialog.textContent).toContain('/api/webrequest/orders');
    expect(dialog.textContent).toContain('404 Not Found');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(saved).toEqual([]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('saves once confirmed and says the endpoint is off', async () => {
    const saved = stubSaves();
    renderPage();
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Enabled' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Disable the endpoint' }));
    await waitFor(() => expect(saved).toMatchObject([{ enabled: false }]));
    await screen.findByText('Orders is disabled: calls get 404 until you enable it');
  });
});
