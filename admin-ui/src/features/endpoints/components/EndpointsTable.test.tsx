import type { EndpointListItem } from '@contract';
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
});
