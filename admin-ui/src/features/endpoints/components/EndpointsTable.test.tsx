import type { EndpointListItem } from '@contract';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { EndpointsTable } from './EndpointsTable';

const endpoint: EndpointListItem = {
  id: 'e1',
  slug: 'contact-form',
  name: 'Contact form',
  description: '',
  enabled: true,
  methods: ['POST'],
  alwaysAsync: false,
  timeoutMs: null,
  cors: { origins: [], credentials: false, headers: [], maxAgeSeconds: 600 },
  access: { type: 'public' },
  ipAllowlist: [],
  rateLimit: null,
  failureAlert: null,
  asyncResponse: null,
  callbackUrl: null,
  callbackSecret: null,
  bodyLimitBytes: null,
  cspSandbox: true,
  secrets: [],
  requestSchema: null,
  documented: false,
  scenarioVersion: 2,
  language: 'javascript',
  createdAt: '2026-11-23T10:00:00Z',
  updatedAt: '2026-11-23T10:00:00Z',
  lastRun: { processId: 'p1', status: 'failed', at: new Date().toISOString() },
};

describe('endpoints table', () => {
  it('shows methods, mode, last run and a working enable switch to editors', () => {
    renderWithProviders(<EndpointsTable endpoints={[endpoint]} canWrite />);
    expect(screen.getByRole('link', { name: 'Contact form' }).getAttribute('href')).toBe('/endpoints/e1');
    expect(screen.getByText('POST')).toBeTruthy();
    expect(screen.getByText('Sync')).toBeTruthy();
    expect(screen.getByText('Failed').closest('a')?.getAttribute('href')).toBe('/processes/p1');
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Delete contact-form' })).toBeTruthy();
  });

  it('marks a protected endpoint with a lock and its access type, and a public one with nothing', () => {
    const locked = {
      ...endpoint,
      id: 'e2',
      slug: 'crm-hook',
      name: 'CRM hook',
      access: { type: 'apiKey' as const },
      rateLimit: { requests: 10, windowSeconds: 60, by: 'ip' as const, window: 'sliding' as const },
    };
    renderWithProviders(<EndpointsTable endpoints={[endpoint, locked]} canWrite />);
    const badges = screen.getAllByTestId('access-badge');
    expect(badges).toHaveLength(1);
    expect(badges[0]!.closest('tr')?.textContent).toContain('CRM hook');
    expect(badges[0]!.textContent).toContain('API key');
    expect(badges[0]!.getAttribute('title')).toBe('Access: API key · at most 10 requests per 60 s');
  });

  it('hides delete and locks the switch for viewers', () => {
    renderWithProviders(<EndpointsTable endpoints={[endpoint]} canWrite={false} />);
    expect(screen.queryByRole('button', { name: 'Delete contact-form' })).toBeNull();
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(true);
  });

  it('says a viewer needs the editor role to switch an endpoint', () => {
    renderWithProviders(<EndpointsTable endpoints={[endpoint]} canWrite={false} />);
    expect(screen.getByRole('switch', { name: 'Disable contact-form — Needs the Editor role' })).toBeTruthy();
  });
});

describe('switching an endpoint on and off', () => {
  const patches: unknown[] = [];
  afterEach(async () => {
    vi.unstubAllGlobals();
    patches.length = 0;
    await i18next.changeLanguage('en');
  });
  function answerPatches() {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: RequestInit) => {
        patches.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify({ ...endpoint, ...(patches.at(-1) as object) }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
  }

  it('asks before disabling a live endpoint, names it and says what callers get, then confirms with a toast', async () => {
    answerPatches();
    renderWithProviders(<EndpointsTable endpoints={[endpoint]} canWrite />);
    await userEvent.click(screen.getByRole('switch'));
    const dialog = screen.getByRole('dialog', { name: 'Disable Contact form?' });
    expect(dialog.textContent).toContain('/api/webrequest/contact-form');
    expect(dialog.textContent).toContain('404 Not Found');
    expect(patches).toEqual([]);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Disable the endpoint' }));
    await waitFor(() => expect(patches).toEqual([{ enabled: false }]));
    await screen.findByText('Contact form is disabled: calls get 404 until you enable it');
  });

  it('changes nothing when the user keeps the endpoint on', async () => {
    answerPatches();
    renderWithProviders(<EndpointsTable endpoints={[endpoint]} canWrite />);
    await userEvent.click(screen.getByRole('switch'));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(patches).toEqual([]);
  });

  it('enables a disabled endpoint at once and says so', async () => {
    answerPatches();
    await i18next.changeLanguage('ru');
    renderWithProviders(<EndpointsTable endpoints={[{ ...endpoint, enabled: false }]} canWrite />);
    await userEvent.click(screen.getByRole('switch'));
    await waitFor(() => expect(patches).toEqual([{ enabled: true }]));
    await screen.findByText('Contact form включён: он снова отвечает на вызовы');
  });
});
