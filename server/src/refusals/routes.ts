import { Router } from 'express';
import type { RefusedCallsList } from '../contract/index.js';
import { requireRole } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import type { Store } from '../store/types.js';
import type { RefusalLog } from './refusal-log.js';

/**
 * `GET /api/admin/endpoints/:id/refusals`: the endpoint's last refused calls on this instance.
 * Whoever may read the endpoint's processes may read them: they hold less (no headers, no body).
 */
export function createRefusalRoutes(deps: { store: Store; refusals: RefusalLog }): Router {
  const router = Router();
  router.get('/endpoints/:id/refusals', requireRole('admin', 'editor', 'viewer'), async (req, res) => {
    const endpoint = await deps.store.getEndpoint(String(req.params.id));
    if (!endpoint) throw new AppError('not_found', 'No such endpoint');
    const body: RefusedCallsList = {
      items: deps.refusals.list(endpoint.id),
      capacity: deps.refusals.capacity,
      since: deps.refusals.since,
    };
    res.json(body);
  });
  return router;
}
