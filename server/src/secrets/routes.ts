import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../admin/auth.js';
import { parseWith } from '../http/validation.js';
import { AppError } from '../core/app-error.js';
import type { Audit } from '../audit/audit.js';
import type { SecretsCache } from './cache.js';

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const secretSchema = z
  .object({
    value: z
      .string()
      .min(1)
      .max(64 * 1024),
  })
  .strict();

/** `/api/admin/secrets`: admin role only; values are write-only and sealed before they are stored. */
export function createSecretRoutes(deps: { secrets: SecretsCache; audit: Audit }): Router {
  const { secrets } = deps;
  const router = Router();
  const admins = requireRole('admin');

  router.get('/secrets', admins, async (_req, res) => {
    res.json({ items: await secrets.list() });
  });

  router.put('/secrets/:name', admins, async (req, res) => {
    if (!SECRET_NAME.test(String(req.params.name))) {
      throw new AppError(
        'validation_failed',
        'Secret names are letters, digits and "_", starting with a letter or "_"',
        {
          details: { fields: { name: 'invalid name' } },
        },
      );
    }
    const { value } = parseWith(secretSchema, req.body);
    await secrets.put(String(req.params.name), value);
    await deps.audit.record(req, res, 'secret.put', { type: 'secret', id: String(req.params.name) });
    res.status(204).end();
  });

  router.delete('/secrets/:name', admins, async (req, res) => {
    if (!(await secrets.remove(String(req.params.name)))) throw new AppError('not_found', 'No such secret');
    await deps.audit.record(req, res, 'secret.delete', { type: 'secret', id: String(req.params.name) });
    res.status(204).end();
  });

  return router;
}
