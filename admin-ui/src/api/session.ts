import type { SessionInfo } from '@contract';
import { apiRequest } from './client';

export const sessionApi = {
  signIn: (email: string, password: string) =>
    apiRequest<SessionInfo>('POST', '/session', { body: { email, password }, quietUnauthorized: true }),
  current: () => apiRequest<SessionInfo>('GET', '/session', { quietUnauthorized: true }),
  signOut: () => apiRequest<void>('DELETE', '/session', { quietUnauthorized: true }),
};
