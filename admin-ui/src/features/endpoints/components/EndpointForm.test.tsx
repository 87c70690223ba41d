import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/client';
import { renderWithProviders } from '../../../test/render';
import { emptyEndpointValues } from '../lib/form-model';
import { EndpointForm } from './EndpointForm';

const initial = emptyEndpointValues();

function renderForm(onSubmit = vi.fn(async () => undefined), readOnly = false) {
  renderWithProviders(
    <EndpointForm mode="create" readOnly={readOnly} initial={initial} submitLabel="Create" onSubmit={onSubmit} />,
  );
  return onSubmit;
}

describe('endpoint form', () => {
  it('shows a message next to the slug and focuses it instead of submitting', async () => {
    const onSubmit = renderForm();
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const slug = screen.getByLabelText(/^Slug/);
    expect(slug.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(slug);
    expect(screen.getByText('Required.')).toBeTruthy();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('puts the server’s field errors next to their fields', async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError({
        code: 'validation_failed',
        status: 400,
        message: 'Invalid input',
        fields: { 'cors.origins.0': 'must be "*" or an origin', timeoutMs: 'at most 60000 ms (the server maximum)' },
      });
    });
    renderForm(onSubmit);
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(screen.getByText('At most 60 s (the server maximum).')).toBeTruthy());
    const timeout = screen.getByLabelText('Time limit');
    expect(timeout.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(timeout.getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent).toBe(
      'At most 60 s (the server maximum).',
    );
    // The server's words, in plain words of the user's language.
    expect(
      screen.getByText('Must be "*" or an origin such as https://example.com (no path, no trailing slash).'),
    ).toBeTruthy();
    expect(screen.getByText('Fix 2 fields to save.')).toBeTruthy();
  });

  it('refuses calls from unlisted origins by default, and lets the user turn that off', async () => {
    const onSubmit = renderForm();
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    const enforce = screen.getByLabelText('Refuse calls from other origins') as HTMLInputElement;
    expect(enforce.checked).toBe(true);
    await userEvent.click(enforce);
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ cors: expect.objectContaining({ enforce: false }) }),
    );
  });

  it('says the slug is taken on 409', async () => {
    renderForm(
      vi.fn(async () => {
        throw new ApiError({ code: 'slug_taken', status: 409, message: 'The slug "lead" is already used' });
      }),
    );
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    fireEvent.submit(screen.getByRole('button', { name: 'Create' }).closest('form')!);
    await waitFor(() => expect(screen.getByText('Another endpoint already uses this slug.')).toBeTruthy());
  });

  it('sends the parsed settings', async () => {
    const onSubmit = renderForm();
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    await userEvent.type(screen.getByLabelText('Allowed origins'), 'http://127.0.0.1:5000');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]).toMatchObject([{ slug: 'lead', cors: { origins: ['http://127.0.0.1:5000'] } }]);
  });

  it('has no submit button when read-only', () => {
    renderForm(undefined, true);
    expect(screen.queryByRole('button', { name: 'Create' })).toBeNull();
    expect((screen.getByLabelText(/^Slug/) as HTMLInputElement).readOnly).toBe(true);
  });
  it('keeps the CSP sandbox on for a non-admin and says only an admin can turn it off', () => {
    renderForm();
    const toggle = screen.getByRole('checkbox', { name: /Sandbox responses/ }) as HTMLInputElement;
    expect(toggle.checked).toBe(true);
    expect(toggle.disabled).toBe(true);
    expect(screen.getByText(/Only an admin can turn it off/)).toBeTruthy();
  });

  it('lets a non-admin turn back on a sandbox an admin turned off, and says why the scenario is locked', () => {
    const off = { ...initial, slug: 'page', cspSandbox: false };
    renderWithProviders(
      <EndpointForm mode="edit" readOnly={false} initial={off} submitLabel="Save" onSubmit={vi.fn()} />,
    );
    const toggle = screen.getByRole('checkbox', { name: /Sandbox responses/ }) as HTMLInputElement;
    expect(toggle.disabled).toBe(false);
    expect(screen.getByText(/only an admin can save or restore its scenario/)).toBeTruthy();
  });

  it('lets an admin turn the sandbox off and grant secrets from the existing names', async () => {
    const onSubmit = vi.fn(async () => undefined);
    renderWithProviders(
      <EndpointForm
        mode="create"
        readOnly={false}
        initial={initial}
        submitLabel="Create"
        onSubmit={onSubmit}
        canSetAdminOnly
        secretNames={['CRM_TOKEN', 'SMTP_PASSWORD']}
      />,
    );
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    await userEvent.click(screen.getByRole('checkbox', { name: /Sandbox responses/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'SMTP_PASSWORD' }));
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]).toMatchObject([{ slug: 'lead', cspSandbox: false, secrets: ['SMTP_PASSWORD'] }]);
  });

  it('shows a non-admin the granted secrets read-only, and why', () => {
    const granted = { ...initial, slug: 'lead', secrets: ['CRM_TOKEN'] };
    renderWithProviders(
      <EndpointForm mode="edit" readOnly={false} initial={granted} submitLabel="Save" onSubmit={vi.fn()} />,
    );
    expect(screen.getByText('ctx.secrets.CRM_TOKEN')).toBeTruthy();
    expect(screen.queryByRole('checkbox', { name: 'CRM_TOKEN' })).toBeNull();
    expect(screen.getByText(/Only an admin can grant or withdraw secrets/)).toBeTruthy();
  });

  it("shows the server's refusal of an admin-only setting next to it", async () => {
    const reason =
      "Only an admin may turn the CSP sandbox off: without it, what the scenario returns runs as a page on the admin's own origin.";
    const onSubmit = vi.fn(async () => {
      throw new ApiError({ code: 'forbidden', status: 403, message: reason, fields: { cspSandbox: reason } });
    });
    renderWithProviders(
      <EndpointForm
        mode="create"
        readOnly={false}
        initial={initial}
        submitLabel="Create"
        onSubmit={onSubmit}
        canSetAdminOnly
      />,
    );
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() =>
      expect(
        screen.getByText(
          'Only an admin may turn the CSP sandbox off: without it, what the scenario returns runs as a page on the admin’s own address.',
        ),
      ).toBeTruthy(),
    );
  });

  it('explains a setting in plain words from a focusable "?" beside it', async () => {
    renderForm();
    const timeout = screen.getByLabelText('Time limit');
    const tip = timeout.closest('.field')!.querySelector('.info-tip__button') as HTMLButtonElement;
    expect(tip.getAttribute('aria-label')).toBe('What does this setting mean?');
    const explanation = document.getElementById(tip.getAttribute('aria-describedby')!)!;
    expect(explanation.textContent).toContain('How many seconds one run may take');
    expect(explanation.hidden).toBe(true);
    tip.focus();
    await waitFor(() => expect(explanation.hidden).toBe(false));
    fireEvent.keyDown(tip, { key: 'Escape' });
    expect(explanation.hidden).toBe(true);
    const explanations = screen
      .getAllByRole('button', { name: 'What does this setting mean?' })
      .map((button) => document.getElementById(button.getAttribute('aria-describedby')!)!.textContent);
    for (const start of [
      'The last part of the endpoint',
      'Asynchronous:',
      'Which websites may call',
      'A safety setting',
    ])
      expect(explanations.some((text) => text?.startsWith(start))).toBe(true);
  });

  it('takes the time limit in seconds and sends milliseconds', async () => {
    const onSubmit = renderForm();
    await userEvent.type(screen.getByLabelText(/^Slug/), 'lead');
    await userEvent.type(screen.getByLabelText('Time limit'), '1.5');
    expect(screen.getByLabelText('Time limit').closest('.input-group')?.textContent).toContain('s');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalled());
    expect((onSubmit.mock.calls[0] as unknown as [{ timeoutMs: number }])[0].timeoutMs).toBe(1500);
  });
});
