import { Router } from 'express';
import { z } from 'zod';
import type { Audit } from '../audit/audit.js';
import { AppError, isAppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import { callerOf, type Auth } from './auth.js';
import { newPasswordField } from './password-policy.js';
import type { AttemptOutcome } from './sign-in-limiter.js';

const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1, 'required').max(1000), newPassword: newPasswordField })
  .strict()
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ['newPassword'],
    message: 'must differ from the current password',
  });

/**
 * PUT /api/admin/session/password — every role changes its own password. Mounted behind
 * `requireUser`, so CSRF applies as on every other admin write. A wrong current password
 * counts against the same budgets as a failed sign-in (per account and per address), so a
 * stolen session cannot be used to guess the password faster than the sign-in page allows.
 */
export function createPasswordRoutes(deps: { auth: Auth; audit: Audit }): Router {
  const { auth } = deps;
  const router = Router();

  router.put('/session/password', async (req, res) => {
    const caller = callerOf(res);
    if (!caller.sessionId) {
      throw new AppError('forbidden', 'Sign in to change your password; an API token cannot change it');
    }
    const input = parseWith(changePasswordSchema, req.body);
    const attempt = auth.signInThrottle.begin(caller.user.email, req.ip);
    let outcome: AttemptOutcome = 'released';
    try {
      const session = await auth.changePassword(req, res, caller, input);
      outcome = 'succeeded';
      await deps.audit.record(
        req,
        res,
        'user.password.change',
        { type: 'user', id: caller.user.id, name: caller.user.email },
        // Named, never shown; the user's other sessions ended with it.
        { fields: ['password'], otherSessionsEnded: true },
      );
      res.json(session);
    } catch (err) {
      if (isAppError(err) && err.code === 'unauthorized') outcome = 'failed';
      throw err;
    } finally {
      attempt.end(outcome);
    }
  });

  return router;
}
