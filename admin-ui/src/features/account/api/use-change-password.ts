import { useMutation } from '@tanstack/react-query';
import { setCsrfToken } from '../../../api/client';
import { sessionApi } from '../../../api/session';

/** Changes the signed-in user's password; this browser's session is renewed, so its CSRF token changes. */
export function useChangePassword() {
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) =>
      sessionApi.changePassword(currentPassword, newPassword),
    onSuccess: (session) => setCsrfToken(session.csrfToken),
  });
}
