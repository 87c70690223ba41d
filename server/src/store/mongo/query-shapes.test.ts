import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { awkwardObject, newProcess, queuedProcess } from '../contract-suite/fixtures.js';
import { createAccountRepo } from './account-repo.js';
import { createCallbackRepo } from './callback-repo.js';
import { createEndpointRepo } from './endpoint-repo.js';
import { createInputStore } from './input-store.js';
import type { Models } from './models.js';
import { captureCommands, type CommandCapture, type SentCommand } from './sent-commands.js';
import { createProcessRepo } from './process-repo.js';
import { createQueueRepo } from './queue-repo.js';
import { createTokenRepo } from './token-repo.js';

/** What the adapter sends to MongoDB for processes, the queue, endpoints and accounts (see sent-commands.ts). */
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

const DAY = 86_400_000;
const repos = () => {
  const inputs = createInputStore(models);
  return {
    processes: createProcessRepo(models, inputs, 30 * DAY),
    queue: createQueueRepo(models, inputs, 30 * DAY),
    callbacks: createCallbackRepo(models),
    endpoints: createEndpointRepo(models),
    accounts: createAccountRepo(models),
    tokens: createTokenRepo(models),
  };
};

describe('MongoDB commands the adapter sends', () => {
  it('lists newest first with indexed equality filters, an escaped regex and no run input', async () => {
    const command = await firstCommand(() =>
      repos().processes.listProcesses({
        limit: 20,
        endpointId: 'ep-1',
        status: ['failed', 'timeout'],
        q: 'a.b*',
        from: '2026-01-01T00:00:00Z',
      }),
    );
    expect(command).toEqual({
      method: 'find',
      args: [
        {
          endpointId: 'ep-1',
          status: { $in: ['failed', 'timeout'] },
          queuedAt: { $gte: '2026-01-01T00:00:00.000Z' },
          $or: [
            { searchBase: { $regex: 'a\\.b\\*' } },
            { searchError: { $regex: 'a\\.b\\*' } },
            { searchBody: { $regex: ' a b' } },
            { searchLogs: { $regex: ' a b' } },
          ],
        },
        { sort: { _id: -1 }, limit: 21, projection: { inputJson: 0, statusTokenHash: 0 } },
      ],
    });
  });

  it('finishes a run with one compare-and-set that releases the lease and stamps the TTL expiry', async () => {
    const finishedAt = '2026-11-23T10:00:00.000Z';
    const command = await firstCommand(() =>
      repos().processes.transitionProcess('p1', ['running'], { status: 'succeeded', finishedAt, input: null }),
    );
    expect(command).toMatchObject({
      method: 'findOneAndUpdate',
      args: [
        { _id: 'p1', status: { $in: ['running'] } },
        {
          $set: {
            status: 'succeeded',
            finishedAt,
            leaseOwner: null,
            leaseExpiresAt: null,
            expireAt: new Date(Date.parse(finishedAt) + 30 * DAY).toISOString(),
            inputJson: null,
            inputChunks: 0,
          },
        },
        { returnDocument: 'after' },
      ],
    });
  });

  it('looks for expired leases, this owner’s runs and stale sync runs among running processes only', async () => {
    const command = await firstCommand(() =>
      repos().queue.recoverInterrupted({
        maxAttempts: 2,
        owner: 'i-1',
        now: '2026-11-23T10:00:00.000Z',
        syncStartedBefore: '2026-11-23T09:00:00Z',
      }),
    );
    expect(command).toMatchObject({ method: 'find' });
    expect((command as SentCommand).args[0]).toEqual({
      status: 'running',
      $or: [
        { mode: 'async', leaseExpiresAt: { $lt: '2026-11-23T10:00:00.000Z' } },
        { leaseOwner: 'i-1' },
        { mode: 'sync', startedAt: { $lt: '2026-11-23T09:00:00.000Z' } },
      ],
    });
  });

  it('claims the oldest due callback whose lease is free or expired in one findOneAndUpdate on the partial index', async () => {
    const before = Date.now();
    const command = await firstCommand(() => repos().callbacks.claimCallback('i-1', 30_000));
    expect(command).toMatchObject({ method: 'findOneAndUpdate' });
    const [filter, update, options] = (command as SentCommand).args as [
      Record<string, unknown>,
      { $set: Record<string, unknown> },
      Record<string, unknown>,
    ];
    const now = (filter.callbackDueAt as { $lte: string }).$lte;
    expect(filter).toEqual({
      callbackDueAt: { $gt: '1970-01-01T00:00:00.000Z', $lte: now },
      $or: [{ callbackLeaseExpiresAt: null }, { callbackLeaseExpiresAt: { $lte: now } }],
    });
    expect(Date.parse(now)).toBeGreaterThanOrEqual(before);
    expect(update.$set).toEqual({
      callbackLeaseOwner: 'i-1',
      callbackLeaseExpiresAt: new Date(Date.parse(now) + 30_000).toISOString(),
    });
    expect(options).toMatchObject({ sort: { callbackDueAt: 1, _id: 1 }, returnDocument: 'after' });
    // The partial index's filter is the claim's first condition, so MongoDB may use it.
    expect(models.Process.schema.indexes()).toEqual(
      expect.arrayContaining([
        [
          { callbackDueAt: 1, _id: 1 },
          expect.objectContaining({ partialFilterExpression: { callbackDueAt: { $gt: new Date(0) } } }),
        ],
      ]),
    );
  });

  it('records a callback attempt only under the lease owner, pushing the attempt and freeing the lease', async () => {
    const attempt = { at: '2026-11-23T10:00:00.000Z', status: 503, error: 'HTTP 503', durationMs: 7 };
    const command = await firstCommand(() =>
      repos().callbacks.recordCallbackAttempt('p1', 'i-1', attempt, {
        status: 'pending',
        nextAttemptAt: '2026-11-23T10:00:20.000Z',
      }),
    );
    expect(command).toMatchObject({ method: 'findOneAndUpdate' });
    expect((command as SentCommand).args.slice(0, 2)).toEqual([
      { _id: 'p1', callbackLeaseOwner: 'i-1' },
      {
        $push: { callbackAttempts: JSON.stringify(attempt) },
        $set: {
          callbackStatus: 'pending',
          callbackNextAttemptAt: '2026-11-23T10:00:20.000Z',
          callbackDueAt: '2026-11-23T10:00:20.000Z',
          callbackLeaseOwner: null,
          callbackLeaseExpiresAt: null,
        },
      },
    ]);
  });

  it('stores request bodies with $ and dotted keys as JSON text inside a document of plain fields', async () => {
    const process = queuedProcess({ request: { ...newProcess().request, body: awkwardObject() } });
    const command = await firstCommand(() => repos().processes.createProcess(process));
    expect(command).toMatchObject({ method: 'insertMany' });
    const [doc] = (command as SentCommand).args[0] as Array<Record<string, unknown>>;
    expect(doc).toMatchObject({
      _id: process.id,
      status: 'queued',
      inputJson: JSON.stringify(process.input),
      expireAt: null,
    });
    expect(JSON.parse(String(doc?.requestJson))).toEqual(process.request);
  });

  it('numbers a new scenario version with an atomic $inc on the endpoint', async () => {
    const command = await firstCommand(() =>
      repos().endpoints.addScenarioVersion('ep-1', {
        language: 'javascript',
        code: 'x',
        compiled: 'x',
        createdBy: null,
      }),
    );
    expect(command).toMatchObject({ method: 'findOneAndUpdate' });
    expect((command as SentCommand).args.slice(0, 2)).toEqual([{ _id: 'ep-1' }, { $inc: { versionCounter: 1 } }]);
  });

  it('finds an API token by its hash through a unique index and touches it with one $set', async () => {
    expect(models.ApiToken.schema.indexes()).toEqual(
      expect.arrayContaining([[{ tokenHash: 1 }, expect.objectContaining({ unique: true })]]),
    );
    const lookup = await firstCommand(() => repos().tokens.getApiTokenByHash('ab'.repeat(32)));
    expect(lookup).toMatchObject({ method: 'findOne' });
    expect((lookup as SentCommand).args[0]).toEqual({ tokenHash: 'ab'.repeat(32) });
    const touch = await firstCommand(() => repos().tokens.touchApiToken('t1', '2026-11-23T10:00:00.000Z'));
    expect(touch).toMatchObject({ method: 'updateOne' });
    expect((touch as SentCommand).args.slice(0, 2)).toEqual([
      { _id: 't1' },
      { $set: { lastUsedAt: '2026-11-23T10:00:00.000Z' } },
    ]);
  });

  it('revokes a token only while it is not revoked yet', async () => {
    const command = await firstCommand(() => repos().tokens.revokeApiToken('t1', '2026-11-23T10:00:00.000Z'));
    expect(command).toMatchObject({ method: 'updateOne' });
    expect((command as SentCommand).args.slice(0, 2)).toEqual([
      { _id: 't1', revokedAt: null },
      { $set: { revokedAt: '2026-11-23T10:00:00.000Z' } },
    ]);
  });

  it('never lets an operator object passed as a value reach the server', async () => {
    const asId = await firstCommand(() => repos().processes.getProcess({ $ne: null } as unknown as string));
    expect(asId).toMatchObject({ method: 'findOne' });
    expect((asId as SentCommand).args[0]).toEqual({ _id: '[object Object]' });
    const asEmail = await firstCommand(() => repos().accounts.getUserByEmail({ $gt: '' } as unknown as string));
    expect(JSON.stringify(asEmail)).not.toContain('$gt');
  });

  it('wraps an operator object that reaches a raw filter in $eq, so it matches nothing', async () => {
    const result = await firstCommand(() => models.User.findOne({ emailLower: { $ne: null } }).exec());
    expect(result).toMatchObject({ error: expect.stringContaining('Cast to string failed') });
  });
});
