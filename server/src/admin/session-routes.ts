import { Router } from 'express';
import { z } from 'zod';
import { isAppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import type { Auth } from './auth.js';
import { callerOf } from './auth.js';
import { normalizeEmail } from './email.js';
import type { AttemptOutcome } from './sign-in-limiter.js';

const signInSchema = z.object({ email: z.string().max(320), password: z.string().max(1000) }).strict();

/** POST/GET/DELETE /api/admin/session */
export function createSessionRoutes(auth: Auth): Router {
  const router = Router();

  router.post('/session', async (req, res) => {
    const input = parseWith(signInSchema, req.body);
    const email = normalizeEmail(input.email);
    const attempt = auth.signInThrottle.begin(email, req.ip);
    let outcome: AttemptOutcome = 'released';
    try {
      const session = await auth.signIn(req, res, email, input.password);
      outcome = 'succeeded';
      res.json(session);
    } catch (err) {
      // Only a wrong password counts; a full hashing queue or a store outage is not a guess.
      if (isAppError(err) && err.code === 'unauthorized') outcome = 'failed';
      throw err;
    } finally {
      attempt.end(outcome);
    }
  });

  router.get('/session', auth.requireUser, (req, res) => {
    const caller = callerOf(res);
    auth.rescopeCookie(req, res, caller);
    res.json({ user: caller.user, csrfToken: caller.csrfToken });
  });

  router.delete('/session', auth.requireUser, async (req, res) => {
    await auth.signOut(req, res, callerOf(res));
    res.status(204).end();
  });

  return router;
}
