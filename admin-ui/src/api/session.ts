import type { SessionInfo } from '@contract';
import { apiRequest } from './client';

export const sessionApi = {
  signIn: (email: string, password: string) =>
    apiRequest<SessionInfo>('POST', '/session', { body: { email, password }, quietUnauthorized: true }),
  current: () => apiRequest<SessionInfo>('GET', '/session', { quietUnauthorized: true }),
  signOut: () => apiRequest<void>('DELETE', '/session', { quietUnauthorized: true }),
  /**
   * The user's own password. A wrong current password is a 401 that must not sign the user out
   * (quiet); the answer carries this browser's renewed session's CSRF token.
   */
  changePassword: (currentPassword: string, newPassword: string) =>
    apiRequest<SessionInfo>('PUT', '/session/password', {
      body: { currentPassword, newPassword },
      quietUnauthorized: true,
    }),
};
