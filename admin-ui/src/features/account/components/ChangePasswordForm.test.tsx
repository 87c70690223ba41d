import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import i18next from 'i18next';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { ChangePasswordForm } from './ChangePasswordForm';

const calls: Array<{ url: string; body: unknown; csrf: string | undefined }> = [];

function answer(status: number, body: unknown) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined, csrf: headers['X-CSRF-Token'] });
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    }),
  );
}

async function fill(current: string, next: string, repeat = next) {
  await userEvent.type(screen.getByLabelText(/^Current password/), current);
  await userEvent.type(screen.getByLabelText(/^New password\*?$/), next);
  await userEvent.type(screen.getByLabelText(/^New password again/), repeat);
  await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
}

afterEach(async () => {
  vi.unstubAllGlobals();
  calls.length = 0;
  await i18next.changeLanguage('en');
});

describe('changing your own password', () => {
  it('sends the current and the new password, then says other sessions were signed out', async () => {
    answer(200, { user: { id: 'u1', email: 'v@example.test', name: 'v', role: 'viewer' }, csrfToken: 'renewed' });
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'new password 2');
    await screen.findByText('Your password is changed. Other sessions were signed out.');
    expect(calls[0]).toMatchObject({
      url: '/api/admin/session/password',
      body: { currentPassword: 'old password 1', newPassword: 'new password 2' },
    });
    expect((screen.getByLabelText(/^Current password/) as HTMLInputElement).value).toBe('');
  });

  it('checks the new password before asking the server', async () => {
    answer(200, {});
    renderWithProviders(<ChangePasswordForm />);
    await fill('old password 1', 'short');
    expect(screen.getByText('At least 8 characters.', { selector: '.field__error' })).toBeTruthy();
    await userEvent.clear(screen.getByLabelText(/^New password\*?$/));
    await userEvent.type(screen.getByLabelText(/^New password\*?$/), 'long enough 1');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByText('The two new passwords differ.')).toBeTruthy();
    expect(calls).toEqual([]);
  });

  it('says the current password is wrong, in Russian too, without signing the user out', async () => {
    await i18next.changeLanguage('ru');
    answer(401, { error: { code: 'unauthorized', message: 'The current password is wrong' } });
    renderWithProviders(<ChangePasswordForm />);
    await userEvent.type(screen.getByLabelText(/^Текущий пароль/), 'not it');
    await userEvent.type(screen.getByLabelText(/^Новый пароль\*?$/), 'new password 2');
    await userEvent.type(screen.getByLabelText(/^Новый пароль ещё раз/), 'new password 2');
    await userEvent.click(screen.getByRole('button', { name: 'Сменить пароль' }));
    await waitFor(() => expect(screen.getByText('Текущий пароль неверный.')).toBeTruthy());
  });
});
