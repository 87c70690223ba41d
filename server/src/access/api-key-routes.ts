import { Router } from 'express';
import { z } from 'zod';
import { callerOf, requireRole } from '../admin/auth.js';
import type { Audit } from '../audit/audit.js';
import type { ApiKeyCreated } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import { newId } from '../store/ids.js';
import type { ApiKeyRecord, Store } from '../store/types.js';
import { apiKeyInfo, keyUnusableReason, type ApiKeyHasher } from './api-keys.js';

const futureTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date-time')
  .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
  .transform((value) => new Date(value).toISOString());

const createSchema = z
  .object({
    name: z.string().trim().min(1, 'name the key (who uses it)').max(200),
    endpointIds: z.array(z.string().min(1).max(64)).min(1, 'choose at least one endpoint').max(1000),
    expiresAt: futureTime.nullable().optional(),
  })
  .strict();

const rotateSchema = z
  .object({
    /** How long the old key keeps working beside the new one; 0 (default) stops it at once. */
    overlapSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86_400)
      .default(0),
  })
  .strict();

/** `/api/admin/api-keys`: keys for `apiKey` endpoints (admin and editor). The key is shown once. */
export function createApiKeyRoutes(deps: { store: Store; apiKeys: ApiKeyHasher; audit: Audit }): Router {
  const { store } = deps;
  const router = Router();
  const managers = requireRole('admin', 'editor');

  async function checkEndpoints(endpointIds: string[]): Promise<string[]> {
    const unique = [...new Set(endpointIds)];
    const known = new Set((await store.listEndpoints()).map((endpoint) => endpoint.id));
    const unknown = unique.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new AppError('validation_failed', `Unknown endpoint ids: ${unknown.join(', ')}`, {
        details: { fields: { endpointIds: 'contains an endpoint that does not exist' } },
      });
    }
    return unique;
  }

  async function issue(
    fields: Pick<ApiKeyRecord, 'name' | 'endpointIds' | 'expiresAt' | 'createdBy' | 'rotatedFrom'>,
  ): Promise<ApiKeyCreated> {
    const { key, lookup, keyHash } = deps.apiKeys.generate();
    const record = await store.createApiKey({
      ...fields,
      id: newId(),
      lookup,
      keyHash,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    });
    return { apiKey: apiKeyInfo(record), key };
  }

  async function getOr404(id: string): Promise<ApiKeyRecord> {
    const record = await store.getApiKey(id);
    if (!record) throw new AppError('not_found', 'No such API key');
    return record;
  }

  router.get('/api-keys', managers, async (_req, res) => {
    res.json({ items: (await store.listApiKeys()).map(apiKeyInfo) });
  });

  router.post('/api-keys', managers, async (req, res) => {
    const input = parseWith(createSchema, req.body);
    const created = await issue({
      name: input.name,
      endpointIds: await checkEndpoints(input.endpointIds),
      expiresAt: input.expiresAt ?? null,
      createdBy: callerOf(res).user.id,
      rotatedFrom: null,
    });
    await deps.audit.record(
      req,
      res,
      'apiKey.create',
      { type: 'apiKey', id: created.apiKey.id, name: created.apiKey.name },
      {
        prefix: created.apiKey.prefix,
        endpointIds: created.apiKey.endpointIds,
        expiresAt: created.apiKey.expiresAt,
      },
    );
    res.status(201).json(created);
  });

  router.delete('/api-keys/:id', managers, async (req, res) => {
    const record = await getOr404(String(req.params.id));
    const now = new Date();
    // An already stopped key stays as it is; a key still in a rotation's overlap stops now.
    if (keyUnusableReason(record, now.getTime()) === null || record.revokedAt === null) {
      await store.updateApiKey(record.id, { revokedAt: now.toISOString() });
      await deps.audit.record(req, res, 'apiKey.revoke', { type: 'apiKey', id: record.id, name: record.name });
    }
    res.status(204).end();
  });

  router.post('/api-keys/:id/rotate', managers, async (req, res) => {
    const { overlapSeconds } = parseWith(rotateSchema, req.body ?? {});
    const old = await getOr404(String(req.params.id));
    const now = Date.now();
    const unusable = keyUnusableReason(old, now);
    if (unusable) throw new AppError('conflict', `This key cannot be rotated: ${unusable}`);
    const created = await issue({
      name: old.name,
      endpointIds: old.endpointIds,
      expiresAt: old.expiresAt,
      createdBy: callerOf(res).user.id,
      rotatedFrom: old.id,
    });
    await store.updateApiKey(old.id, { revokedAt: new Date(now + overlapSeconds * 1000).toISOString() });
    await deps.audit.record(
      req,
      res,
      'apiKey.rotate',
      { type: 'apiKey', id: old.id, name: old.name },
      {
        newKeyId: created.apiKey.id,
        overlapSeconds,
      },
    );
    res.json(created);
  });

  return router;
}
