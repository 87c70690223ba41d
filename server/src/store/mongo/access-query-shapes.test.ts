import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAuditCursor } from '../audit-query.js';
import { createApiKeyRepo } from './api-key-repo.js';
import { createAuditRepo } from './audit-repo.js';
import type { Models } from './models.js';
import { captureCommands, type CommandCapture, type SentCommand } from './sent-commands.js';
import { createRateCounterRepo } from './rate-counter-repo.js';

/** What the adapter sends to MongoDB for API keys, rate counters and the audit log (see sent-commands.ts). */
let capture: CommandCapture;
let models: Models;

beforeEach(() => {
  capture = captureCommands();
  models = capture.models;
});
afterEach(async () => {
  await capture.close();
});

const firstCommand = (operation: () => Promise<unknown>) => capture.firstCommand(operation);

describe('MongoDB commands for API keys, rate counters and the audit log', () => {
  it('counts a request with one atomic $inc that creates the bucket with its expiry, among live counters', async () => {
    const expiresAt = '2026-11-23T10:01:00.000Z';
    const command = await firstCommand(() => createRateCounterRepo(models).incrementRateCounter('ep:ip:x', expiresAt));
    expect(command).toMatchObject({ method: 'findOneAndUpdate' });
    const [filter, update, options] = (command as SentCommand).args as [
      Record<string, unknown>,
      unknown,
      Record<string, unknown>,
    ];
    expect(filter).toEqual({ _id: 'ep:ip:x', expiresAt: { $gt: expect.any(String) } });
    expect(update).toEqual({ $inc: { count: 1 }, $setOnInsert: { expiresAt } });
    expect(options).toMatchObject({ upsert: true, returnDocument: 'after' });
  });

  it('removes counters after their window with a TTL index, and keeps audit entries (no TTL)', () => {
    expect(models.RateCounter.schema.indexes()).toEqual([
      [{ expiresAt: 1 }, expect.objectContaining({ expireAfterSeconds: 0 })],
    ]);
    const auditIndexes = models.Audit.schema.indexes();
    expect(auditIndexes.map(([keys]) => keys)).toEqual([
      { at: -1, _id: -1 },
      { actorId: 1, at: -1, _id: -1 },
      { entityType: 1, at: -1, _id: -1 },
      { entityType: 1, entityId: 1, at: -1, _id: -1 },
    ]);
    expect(auditIndexes.some(([, options]) => 'expireAfterSeconds' in (options as object))).toBe(false);
  });

  it('finds an API key by its look-up part through a unique index and touches it with one $set', async () => {
    expect(models.ApiKey.schema.indexes()).toEqual(
      expect.arrayContaining([[{ lookup: 1 }, expect.objectContaining({ unique: true })]]),
    );
    const keys = createApiKeyRepo(models);
    const lookup = await firstCommand(() => keys.getApiKeyByLookup('AbCd1234'));
    expect((lookup as SentCommand).args[0]).toEqual({ lookup: 'AbCd1234' });
    const touch = await firstCommand(() => keys.touchApiKey('k1', '2026-11-23T10:00:00.000Z'));
    expect((touch as SentCommand).args.slice(0, 2)).toEqual([
      { _id: 'k1' },
      { $set: { lastUsedAt: '2026-11-23T10:00:00.000Z' } },
    ]);
  });

  it('patches only the fields named, in one findOneAndUpdate', async () => {
    const command = await firstCommand(() =>
      createApiKeyRepo(models).updateApiKey('k1', { revokedAt: '2026-11-23T11:00:00.000Z', name: undefined }),
    );
    expect(command).toMatchObject({ method: 'findOneAndUpdate' });
    expect((command as SentCommand).args.slice(0, 2)).toEqual([
      { _id: 'k1' },
      { $set: { revokedAt: '2026-11-23T11:00:00.000Z' } },
    ]);
  });

  it('lists the audit log newest first from an indexed filter, continuing below the cursor', async () => {
    const cursor = encodeAuditCursor({ at: '2026-05-01T12:00:00.000Z', id: 'abc' });
    const command = await firstCommand(() =>
      createAuditRepo(models).listAudit({
        actor: 'u1',
        entity: 'endpoint:e:1',
        from: '2026-05-01T00:00:00Z',
        limit: 20,
        cursor,
      }),
    );
    expect(command).toEqual({
      method: 'find',
      args: [
        {
          actorId: 'u1',
          entityType: 'endpoint',
          entityId: 'e:1',
          at: { $gte: '2026-05-01T00:00:00.000Z' },
          $or: [{ at: { $lt: '2026-05-01T12:00:00.000Z' } }, { at: '2026-05-01T12:00:00.000Z', _id: { $lt: 'abc' } }],
        },
        { sort: { at: -1, _id: -1 }, limit: 21 },
      ],
    });
  });

  it('never lets an operator object passed as a value reach the server', async () => {
    const asLookup = await firstCommand(() =>
      createApiKeyRepo(models).getApiKeyByLookup({ $ne: null } as unknown as string),
    );
    expect((asLookup as SentCommand).args[0]).toEqual({ lookup: '[object Object]' });
    const asBucket = await firstCommand(() =>
      createRateCounterRepo(models).getRateCounter({ $gt: '' } as unknown as string),
    );
    expect(JSON.stringify(asBucket)).not.toContain('"$gt":""');
    await expect(
      createAuditRepo(models).listAudit({ actor: { $ne: null } as unknown as string, limit: 5 }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
