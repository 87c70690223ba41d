import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../../test/render';
import { accessValuesFrom } from '../../lib/access-model';
import { emptyEndpointValues, type EndpointFormValues } from '../../lib/form-model';
import { EndpointForm } from '../EndpointForm';

function renderForm(initial: EndpointFormValues, mode: 'create' | 'edit' = 'create') {
  const onSubmit = vi.fn(async () => undefined);
  renderWithProviders(
    <EndpointForm mode={mode} readOnly={false} initial={initial} submitLabel="Save" onSubmit={onSubmit} />,
  );
  return onSubmit;
}

const submitted = (onSubmit: ReturnType<typeof vi.fn>) => (onSubmit.mock.calls[0] as [Record<string, unknown>])[0];

describe('access section of the endpoint form', () => {
  it('sends a Basic password typed in clear, with the username', async () => {
    const onSubmit = renderForm({ ...emptyEndpointValues(), slug: 'crm' });
    await userEvent.click(screen.getByRole('radio', { name: 'Basic auth' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByLabelText(/^Username/).getAttribute('aria-invalid')).toBe('true');
    expect(onSubmit).not.toHaveBeenCalled();
    await userEvent.type(screen.getByLabelText(/^Username/), 'crm');
    await userEvent.type(screen.getByLabelText(/^Password/), 'hunter2-long');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(submitted(onSubmit).access).toEqual({ type: 'basic', username: 'crm', password: 'hunter2-long' });
  });

  it('keeps a saved password: says it is set, and saves without sending it', async () => {
    const initial = {
      ...emptyEndpointValues(),
      slug: 'crm',
      ...accessValuesFrom({ type: 'basic', username: 'crm', passwordSet: true }, [], null),
    };
    const onSubmit = renderForm(initial, 'edit');
    const password = screen.getByLabelText(/^Password/) as HTMLInputElement;
    expect(password.value).toBe('');
    expect(password.placeholder).toBe('set — leave empty to keep');
    await userEvent.clear(screen.getByLabelText(/^Username/));
    await userEvent.type(screen.getByLabelText(/^Username/), 'crm2');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(submitted(onSubmit).access).toEqual({ type: 'basic', username: 'crm2' });
    expect(JSON.stringify(submitted(onSubmit))).not.toContain('passwordSet');
  });

  it('generates an HMAC secret, shows it once to copy, sends it, and offers a curl that signs for the preset', async () => {
    const onSubmit = renderForm({ ...emptyEndpointValues(), slug: 'gh-hook' });
    await userEvent.click(screen.getByRole('radio', { name: 'HMAC signature' }));
    await userEvent.selectOptions(screen.getByLabelText('Signature scheme'), 'github');
    expect(screen.queryByLabelText('Timestamp window')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Generate' }));
    const secret = (screen.getByLabelText(/^Secret/) as HTMLInputElement).value;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    const once = screen.getByText(/once saved, it is never shown again/).closest<HTMLElement>('.secret-once')!;
    expect(within(once).getByRole('button', { name: 'Copy secret' })).toBeTruthy();
    const curl = document.querySelector('.access-snippet .code-block')?.textContent ?? '';
    expect(curl).toContain('X-Hub-Signature-256: sha256=$SIG');
    expect(curl).toContain("SECRET='YOUR_SECRET'");
    expect(curl).not.toContain(secret);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(submitted(onSubmit).access).toEqual({ type: 'hmac', preset: 'github', toleranceSeconds: 300, secret });
  });

  it('points API key endpoints to the API keys page', async () => {
    renderForm({ ...emptyEndpointValues(), slug: 'partner' });
    await userEvent.click(screen.getByRole('radio', { name: 'API key' }));
    expect(screen.getByRole('link', { name: 'Manage API keys' }).getAttribute('href')).toBe('/api-keys');
  });

  it('offers only the algorithms of the chosen JWT key', async () => {
    renderForm({ ...emptyEndpointValues(), slug: 'app' });
    await userEvent.click(screen.getByRole('radio', { name: 'JWT' }));
    expect(screen.getByRole('checkbox', { name: 'HS256' })).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'RS256' })).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: 'Public key (PEM)' }));
    expect(screen.queryByRole('checkbox', { name: 'HS256' })).toBeNull();
    expect((screen.getByRole('checkbox', { name: 'RS256' }) as HTMLInputElement).checked).toBe(true);
  });

  it('names a line of the IP allowlist that is not an address, before asking the server', async () => {
    const onSubmit = renderForm({ ...emptyEndpointValues(), slug: 'office' });
    await userEvent.type(screen.getByLabelText('IP allowlist'), '10.0.0.0/8{enter}office-pc');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(/"office-pc" is not an IP address or CIDR/)).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });
});
