import { Router } from 'express';
import { z } from 'zod';
import type { ApiTokenCreated, ApiTokenInfo, User } from '../contract/index.js';
import { parseWith } from '../http/validation.js';
import { AppError } from '../core/app-error.js';
import { newId } from '../store/ids.js';
import type { Audit } from '../audit/audit.js';
import type { Store } from '../store/types.js';
import { newApiToken, tokenInfo } from './api-tokens.js';
import { callerOf, publicUser } from './auth.js';

const DAY_MS = 86_400_000;

const createTokenSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'at most 100 characters'),
    expiresInDays: z.number().int('whole days').min(1, 'at least 1 day').max(3650, 'at most 3650 days').optional(),
  })
  .strict();

/**
 * `/api/admin/tokens`: every signed-in role manages its own tokens; an admin sees and revokes
 * everyone's. A token acts as the user who made it, with that user's current role.
 */
export function createTokenRoutes(deps: { store: Store; audit: Audit }): Router {
  const { store } = deps;
  const router = Router();

  router.get('/tokens', async (_req, res) => {
    const { user } = callerOf(res);
    const everyone = user.role === 'admin';
    const tokens = await store.listApiTokens(everyone ? undefined : user.id);
    const owners = new Map<string, User>(
      everyone ? (await store.listUsers()).map((u) => [u.id, publicUser(u)]) : [[user.id, user]],
    );
    // Revoked tokens stay in the store as a record; the list shows the ones that still matter.
    const items: ApiTokenInfo[] = tokens.flatMap((token) => {
      const owner = owners.get(token.userId);
      return owner && token.revokedAt === null ? [tokenInfo(token, owner)] : [];
    });
    res.json({ items });
  });

  router.post('/tokens', async (req, res) => {
    const caller = callerOf(res);
    // A token that could mint tokens would outlive its own revocation: making one needs a sign-in.
    if (caller.apiTokenId !== null)
      throw new AppError('forbidden', 'Sign in to create API tokens; a token cannot create another');
    const input = parseWith(createTokenSchema, req.body);
    const { token, tokenHash, prefix } = newApiToken();
    const now = Date.now();
    const record = await store.createApiToken({
      id: newId(now),
      name: input.name,
      userId: caller.user.id,
      tokenHash,
      prefix,
      createdAt: new Date(now).toISOString(),
      expiresAt: input.expiresInDays === undefined ? null : new Date(now + input.expiresInDays * DAY_MS).toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await deps.audit.record(
      req,
      res,
      'token.create',
      { type: 'token', id: record.id, name: record.name },
      {
        prefix: record.prefix,
        expiresAt: record.expiresAt,
      },
    );
    res.status(201).json({ token, ...tokenInfo(record, caller.user) } satisfies ApiTokenCreated);
  });

  router.delete('/tokens/:id', async (req, res) => {
    const { user } = callerOf(res);
    const token = await store.getApiToken(String(req.params.id));
    // Another user's token is "not found" to a non-admin, like one that does not exist.
    const allowed = token !== null && (token.userId === user.id || user.role === 'admin');
    if (!allowed || token.revokedAt !== null || !(await store.revokeApiToken(token.id))) {
      throw new AppError('not_found', 'No such API token');
    }
    await deps.audit.record(req, res, 'token.revoke', { type: 'token', id: token.id, name: token.name });
    res.status(204).end();
  });

  return router;
}
