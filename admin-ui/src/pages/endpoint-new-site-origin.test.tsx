import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RouterProvider, createMemoryRouter } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ToastProvider } from '../components/Toasts';
import { SessionProvider } from '../lib/session';
import { EndpointNewPage } from './endpoint-new-page';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Records what the page asks to create; answers as the server would. */
function stubServer() {
  const created: Array<Record<string, any>> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const method = init?.method ?? 'GET';
      if (url === '/api/admin/session') {
        const user = { id: 'u1', email: 'e@example.test', name: 'E', role: 'editor', disabled: false, createdAt: '' };
        return json({ user, csrfToken: 'csrf-1' });
      }
      if (url === '/api/admin/endpoints' && method === 'POST') {
        const input = JSON.parse(String(init?.body)) as Record<string, any>;
        created.push(input);
        return json({ ...input, id: 'e9', scenarioVersion: 1, createdAt: '', updatedAt: '' }, 201);
      }
      return json({ error: { code: 'not_found', message: 'No such route' } }, 404);
    }),
  );
  return created;
}

function renderPage() {
  const router = createMemoryRouter(
    [
      { path: '/endpoints/new', element: <EndpointNewPage /> },
      { path: '/endpoints/:endpointId', element: <p>editor</p> },
    ],
    { initialEntries: ['/endpoints/new'] },
  );
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

describe('creating an endpoint from the "Form to JSON with CORS" template', () => {
  it('asks for the site’s address and creates nothing until it is given', async () => {
    const created = stubServer();
    renderPage();
    await userEvent.click(await screen.findByRole('radio', { name: /Form to JSON with CORS/ }));
    await userEvent.type(screen.getByLabelText(/^Slug/), 'contact');
    await userEvent.click(screen.getByRole('button', { name: 'Create and open the editor' }));
    const site = screen.getByLabelText(/Your website’s address/);
    expect(document.activeElement).toBe(site);
    expect(screen.getByText(/Enter the address of the site whose form calls this endpoint/)).toBeTruthy();
    expect(created).toEqual([]);
  });

  it('allows the site’s origin, taken from what was typed, in the endpoint’s CORS settings', async () => {
    const created = stubServer();
    renderPage();
    await userEvent.click(await screen.findByRole('radio', { name: /Form to JSON with CORS/ }));
    await userEvent.type(screen.getByLabelText(/^Slug/), 'contact');
    await userEvent.type(screen.getByLabelText(/Your website’s address/), 'www.shop.example/contact');
    expect(screen.getByText('Will be allowed: https://www.shop.example')).toBeTruthy();
    await userEvent.tab();
    // The CORS settings below show it as soon as the field is left.
    expect((screen.getByLabelText('Allowed origins') as HTMLTextAreaElement).value).toBe('https://www.shop.example');
    await userEvent.click(screen.getByRole('button', { name: 'Create and open the editor' }));
    await screen.findByText('editor');
    expect(created).toHaveLength(1);
    expect(created[0]!.cors).toMatchObject({ origins: ['https://www.shop.example'], enforce: true });
  });

  it('refuses an address that is not a web site', async () => {
    const created = stubServer();
    renderPage();
    await userEvent.click(await screen.findByRole('radio', { name: /Form to JSON with CORS/ }));
    await userEvent.type(screen.getByLabelText(/^Slug/), 'contact');
    await userEvent.type(screen.getByLabelText(/Your website’s address/), 'my shop');
    await userEvent.click(screen.getByRole('button', { name: 'Create and open the editor' }));
    expect(screen.getByText('Enter a web address such as https://www.example.com.')).toBeTruthy();
    expect(created).toEqual([]);
  });

  it('does not ask for a site when the template is not called from browsers', async () => {
    const created = stubServer();
    renderPage();
    await userEvent.click(await screen.findByRole('radio', { name: /Blank/ }));
    expect(screen.queryByLabelText(/Your website’s address/)).toBeNull();
    await userEvent.type(screen.getByLabelText(/^Slug/), 'plain');
    await userEvent.click(screen.getByRole('button', { name: 'Create and open the editor' }));
    await screen.findByText('editor');
    expect(created[0]!.cors.origins).toEqual([]);
  });
});
