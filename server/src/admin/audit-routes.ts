import { Router } from 'express';
import { z } from 'zod';
import { parseWith } from '../http/validation.js';
import type { Store } from '../store/types.js';
import { requireRole } from './auth.js';

const isoDate = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date')
  .transform((value) => new Date(value).toISOString());

const listSchema = z
  .object({
    actor: z.string().max(64).optional(),
    entity: z
      .string()
      .max(100)
      .regex(/^[a-zA-Z]+(:[A-Za-z0-9_-]+)?$/, 'an entity type such as endpoint, or type:id')
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

/** `GET /api/admin/audit`: who changed what, newest first (admin only). */
export function createAuditRoutes(deps: { store: Store }): Router {
  const router = Router();
  router.get('/audit', requireRole('admin'), async (req, res) => {
    const query = parseWith(listSchema, req.query);
    res.json(await deps.store.listAudit(query));
  });
  return router;
}
