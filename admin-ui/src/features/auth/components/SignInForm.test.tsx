import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider, useSession } from '../../../lib/session';
import { renderWithProviders } from '../../../test/render';
import { SignInForm } from './SignInForm';

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function Who() {
  const { user } = useSession();
  return <p>{user ? `signed in as ${user.email}` : 'signed out'}</p>;
}

afterEach(() => vi.unstubAllGlobals());

describe('sign-in form', () => {
  it('explains a wrong password, then signs in', async () => {
    const user = { id: 'u1', email: 'a@example.test', name: 'A', role: 'editor', disabled: false, createdAt: '' };
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(json(401, { error: { code: 'unauthorized', message: 'Sign in first' } }))
      .mockResolvedValueOnce(json(401, { error: { code: 'unauthorized', message: 'Wrong email or password' } }))
      .mockResolvedValueOnce(json(200, { user, csrfToken: 't' }));
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(
      <SessionProvider>
        <SignInForm />
        <Who />
      </SessionProvider>,
    );
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByRole('alert').textContent).toBe('Enter your email and password.');
    await userEvent.type(screen.getByLabelText('Email'), 'a@example.test');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText(/Wrong email or password/);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByText('signed in as a@example.test');
    const [, init] = fetchMock.mock.calls[2] as [string, RequestInit];
    expect(JSON.parse(init.body as string)).toEqual({ email: 'a@example.test', password: 'wrong' });
  });
});
