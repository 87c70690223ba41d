import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../http/errors.js';
import { parseWith } from '../endpoints/schema.js';
import type { Auth } from './auth.js';
import { callerOf } from './auth.js';
import { createSignInLimiter } from './sign-in-limiter.js';

const signInSchema = z.object({ email: z.string().max(320), password: z.string().max(1000) }).strict();

/** POST/GET/DELETE /api/admin/session */
export function createSessionRoutes(auth: Auth): Router {
  const router = Router();
  const limiter = createSignInLimiter();

  router.post('/session', async (req, res) => {
    const { email, password } = parseWith(signInSchema, req.body);
    const key = `${req.ip}|${email.toLowerCase()}`;
    const retryAfter = limiter.blockedFor(key);
    if (retryAfter > 0) {
      throw new AppError('rate_limited', 'Too many failed sign-ins; try again later', {
        headers: { 'Retry-After': String(Math.ceil(retryAfter / 1000)) },
      });
    }
    try {
      const session = await auth.signIn(req, res, email, password);
      limiter.succeeded(key);
      res.json(session);
    } catch (err) {
      limiter.failed(key);
      throw err;
    }
  });

  router.get('/session', auth.requireUser, (_req, res) => {
    const caller = callerOf(res);
    res.json({ user: caller.user, csrfToken: caller.csrfToken });
  });

  router.delete('/session', auth.requireUser, async (_req, res) => {
    await auth.signOut(res, callerOf(res));
    res.status(204).end();
  });

  return router;
}
