import type { ApiKeyCreated, ApiKeyInfo } from '@contract';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import type { EndpointOption } from '../lib/key-status';
import { ApiKeysTable } from './ApiKeysTable';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

const endpoints: EndpointOption[] = [
  { id: 'e1', slug: 'contact-form', name: 'Contact form', accessType: 'public', methods: ['POST'] },
  { id: 'e2', slug: 'orders', name: 'Orders', accessType: 'apiKey', methods: ['GET', 'POST'] },
];
const info: ApiKeyInfo = {
  id: 'k1',
  name: 'CRM',
  prefix: 'sgk_ab12',
  endpointIds: ['e2'],
  expiresAt: null,
  createdAt: '2026-11-23T10:00:00Z',
  lastUsedAt: null,
  revokedAt: null,
};
const KEY = 'sgk_ab12_0123456789abcdef0123456789abcdef';

function stubApi(answer: ApiKeyCreated) {
  const fetchMock = vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(JSON.stringify(answer), { status: 201, headers: { 'content-type': 'application/json' } }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
const bodyOf = (fetchMock: ReturnType<typeof stubApi>) =>
  JSON.parse(String(fetchMock.mock.calls[0]![1]!.body)) as Record<string, unknown>;

afterEach(() => vi.unstubAllGlobals());

describe('API key dialogs', () => {
  it('creates a key scoped to the chosen endpoints and shows it once, with a warning and a ready call', async () => {
    const fetchMock = stubApi({ apiKey: info, key: KEY });
    renderWithProviders(<CreateApiKeyDialog endpoints={endpoints} onClose={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    expect(screen.getByText('Give the key a name.')).toBeTruthy();
    expect(screen.getByText('Choose at least one endpoint.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();

    await userEvent.type(screen.getByLabelText(/^Name/), 'CRM');
    await userEvent.click(screen.getByRole('checkbox', { name: /orders/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByTestId('new-api-key');
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/admin/api-keys');
    expect(bodyOf(fetchMock)).toEqual({ name: 'CRM', endpointIds: ['e2'], expiresAt: null });
    expect(screen.getByTestId('new-api-key').textContent).toBe(KEY);
    expect(screen.getByText(/the only time the key is shown/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy key' })).toBeTruthy();
    const call = document.querySelector('.code-block')?.textContent ?? '';
    expect(call).toContain(`-H 'Authorization: Bearer ${KEY}'`);
    expect(call).toContain('/api/webrequest/orders');
  });

  it('sends a chosen expiry date as the end of that day', async () => {
    const fetchMock = stubApi({ apiKey: info, key: KEY });
    renderWithProviders(<CreateApiKeyDialog endpoints={endpoints} onClose={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/^Name/), 'Partner');
    await userEvent.click(screen.getByRole('checkbox', { name: /orders/ }));
    await userEvent.selectOptions(screen.getByLabelText('Expires'), 'custom');
    await userEvent.type(screen.getByLabelText('Expires on'), '2099-03-31');
    await userEvent.click(screen.getByRole('button', { name: 'Create key' }));
    await screen.findByTestId('new-api-key');
    const expiresAt = new Date(String(bodyOf(fetchMock).expiresAt));
    expect([expiresAt.getFullYear(), expiresAt.getMonth(), expiresAt.getDate(), expiresAt.getHours()]).toEqual([
      2099, 2, 31, 23,
    ]);
  });

  it('rotates with a 24-hour overlap and says until when the old key works', async () => {
    const fetchMock = stubApi({ apiKey: { ...info, id: 'k2' }, key: KEY });
    renderWithProviders(<ApiKeysTable keys={[info]} endpoints={endpoints} />);
    const row = screen.getByText('CRM').closest('tr')!;
    expect(within(row).getByText('Active')).toBeTruthy();
    expect(within(row).getByRole('link', { name: 'orders' }).getAttribute('href')).toBe('/endpoints/e2/settings');
    await userEvent.click(within(row).getByRole('button', { name: 'Rotate' }));
    await userEvent.selectOptions(screen.getByLabelText('The old key keeps working'), '24h');
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate' }));
    await screen.findByTestId('new-api-key');
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/admin/api-keys/k1/rotate');
    expect(bodyOf(fetchMock)).toEqual({ overlapSeconds: 86_400 });
    expect(screen.getByText(/The old key keeps working until/)).toBeTruthy();
  });

  it('offers no rotate or revoke for a revoked key, and shows its status', () => {
    renderWithProviders(<ApiKeysTable keys={[{ ...info, revokedAt: '2026-01-01T00:00:00Z' }]} endpoints={endpoints} />);
    const row = screen.getByText('CRM').closest('tr')!;
    expect(within(row).getByText('Revoked')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
  });
});
