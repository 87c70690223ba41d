import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import { TRANSFER_KINDS, type Store, type TransferRecord } from '../types.js';
import {
  awkwardObject,
  endpointInput,
  isoAt,
  newProcess,
  queuedProcess,
  recordOf,
  scenarioInput,
  sentProcess,
  type GetStore,
} from './fixtures.js';

async function exportAll(store: Store, pageSize: number): Promise<TransferRecord[]> {
  const records: TransferRecord[] = [];
  for (const kind of TRANSFER_KINDS) {
    let after: string | null = null;
    do {
      const page: { records: TransferRecord[]; next: string | null } = await store.exportRecords(kind, after, pageSize);
      expect(page.records.length).toBeLessThanOrEqual(pageSize);
      records.push(...page.records);
      after = page.next;
    } while (after !== null);
  }
  return records;
}

export function transferContract(store: GetStore): void {
  describe('backup export and import', () => {
    it('exports every record once across pages, with run input only for unfinished processes', async () => {
      const endpoint = endpointInput();
      await store().createEndpoint(endpoint, scenarioInput({ code: 'v1' }));
      for (let n = 2; n <= 4; n += 1) await store().addScenarioVersion(endpoint.id, scenarioInput({ code: `v${n}` }));
      const queued = queuedProcess();
      const finished = newProcess({ statusTokenHash: 'b'.repeat(64), input: { stale: true } });
      const running = newProcess({ status: 'running', owner: 'instance-1', finishedAt: null });
      for (const p of [queued, finished, running]) await store().createProcess(p);
      await store().putSecret('A', '1');
      await store().putSecret('B', '2');
      await store().putSecret('C', '3');

      const records = await exportAll(store(), 2);
      const count = (type: string) => records.filter((r) => r.type === type).length;
      expect([count('endpoint'), count('scenarioVersion'), count('process'), count('secret')]).toEqual([1, 4, 3, 3]);
      const processes = new Map(records.flatMap((r) => (r.type === 'process' ? [[r.process.id, r] as const] : [])));
      expect(processes.get(queued.id)).toEqual({
        type: 'process',
        process: recordOf(queued),
        statusTokenHash: queued.statusTokenHash,
        input: queued.input,
        owner: null,
      });
      expect(processes.get(finished.id)).toMatchObject({ statusTokenHash: 'b'.repeat(64), input: null });
      expect(processes.get(running.id)).toMatchObject({ owner: 'instance-1' });
    });

    it('reads an endpoint from a backup made before per-endpoint secrets as granted none', async () => {
      const { secrets: _secrets, ...older } = endpointInput({ slug: 'older' });
      const endpoint = {
        ...older,
        scenarioVersion: 1,
        createdAt: isoAt(Date.now(), 0),
        updatedAt: isoAt(Date.now(), 0),
      };
      await store().importRecords([{ type: 'endpoint', endpoint } as unknown as TransferRecord]);
      expect((await store().getEndpoint(endpoint.id))?.secrets).toEqual([]);
      expect((await store().updateEndpoint(endpoint.id, { secrets: ['CRM_TOKEN'] }))?.secrets).toEqual(['CRM_TOKEN']);
    });

    it('restores deleted records exactly, keeping ids, versions and times', async () => {
      const endpoint = endpointInput({ asyncResponse: { status: 202, headers: {}, body: awkwardObject() } });
      await store().createEndpoint(endpoint, scenarioInput({ code: 'v1' }));
      await store().addScenarioVersion(
        endpoint.id,
        scenarioInput({ code: 'v2', restoredFrom: 1, note: 'Back to the first reply' }),
      );
      // Finished a minute ago: old enough for a purge with a cut-off of now to remove it, recent
      // enough that no TTL index (finishedAt + retention) removes it again after the restore.
      const finished = isoAt(Date.now(), -60_000);
      const process = newProcess({
        endpointId: endpoint.id,
        queuedAt: finished,
        finishedAt: finished,
        request: { ...newProcess().request, body: awkwardObject() },
        idempotencyKey: 'order-42',
      });
      await store().createProcess(process);
      const before = await exportAll(store(), 100);
      const savedEndpoint = await store().getEndpoint(endpoint.id);
      const savedVersions = await store().listScenarioVersions(endpoint.id);

      await store().deleteEndpoint(endpoint.id);
      await store().purgeExpired(new Date().toISOString());
      expect(await store().getProcess(process.id)).toBeNull();
      await store().importRecords(before);

      expect(await store().getEndpoint(endpoint.id)).toEqual(savedEndpoint);
      expect(await store().listScenarioVersions(endpoint.id)).toEqual(savedVersions);
      expect(JSON.stringify(await store().getProcess(process.id))).toBe(JSON.stringify(recordOf(process)));
      expect((await store().listProcesses({ idempotencyKey: 'order-42', limit: 5 })).items).toEqual([
        recordOf(process),
      ]);
      expect((await store().addScenarioVersion(endpoint.id, scenarioInput())).version).toBe(3);
    });

    it('moves what runs sent out and their pending deliveries, which the target delivers, leases left behind', async () => {
      const endpoint = endpointInput({
        callbackUrl: 'https://hooks.example.com/done',
        sealedCallbackSecret: 'sealed:v1:callback-secret',
        failureAlert: { webhookUrl: 'https://alerts.example.com/hook', email: 'ops@example.com', maxPerHour: 5 },
      });
      await store().createEndpoint(endpoint, scenarioInput());
      // Recent, so that no TTL index removes it while the test runs; a cut-off after it deletes it.
      const pending = sentProcess({ endpointId: endpoint.id }, isoAt(Date.now(), -1000));
      await store().createProcess(pending);
      expect((await store().claimCallback('old-instance', 60_000))?.id).toBe(pending.id);
      const savedEndpoint = await store().getEndpoint(endpoint.id);

      const before = await exportAll(store(), 100);
      const exported = before.find((r) => r.type === 'process');
      expect(exported?.type === 'process' && exported.process).toEqual(recordOf(pending));
      expect(JSON.stringify(exported)).not.toContain('old-instance');

      await store().deleteEndpoint(endpoint.id);
      await store().purgeExpired(isoAt(Date.now(), 60_000));
      expect(await store().getProcess(pending.id)).toBeNull();
      expect(await store().countPendingCallbacks()).toBe(0);
      await store().importRecords(before);
      expect(await store().getEndpoint(endpoint.id)).toEqual(savedEndpoint);
      expect(savedEndpoint).toMatchObject({
        sealedCallbackSecret: endpoint.sealedCallbackSecret,
        failureAlert: endpoint.failureAlert,
      });
      expect(await store().getProcess(pending.id)).toEqual(recordOf(pending));
      expect(await store().countPendingCallbacks()).toBe(1);
      expect((await store().claimCallback('new-instance', 60_000))?.id).toBe(pending.id);
    });

    it('reads a process from a backup made before idempotency keys were recorded as one without a key', async () => {
      const { idempotencyKey: _key, ...older } = recordOf(newProcess());
      const record = { type: 'process', process: older, statusTokenHash: null, input: null, owner: null };
      await store().importRecords([record as unknown as TransferRecord]);
      expect(await store().getProcess(older.id)).toEqual({ ...older, idempotencyKey: null });
    });

    it('reads a process from a backup made before outbound records as one that sent nothing', async () => {
      const { fetches: _f, mails: _m, callback: _c, ...older } = recordOf(newProcess());
      const record = {
        type: 'process',
        process: { ...older, callbackAttempts: [] },
        statusTokenHash: null,
        input: null,
        owner: null,
      };
      await store().importRecords([record as unknown as TransferRecord]);
      expect(await store().getProcess(older.id)).toEqual({ ...older, fetches: [], mails: [], callback: null });
      expect(await store().countPendingCallbacks()).toBe(0);
    });

    it('changes nothing when the records it exported are imported again', async () => {
      const endpoint = endpointInput();
      await store().createEndpoint(endpoint, scenarioInput());
      await store().putScenarioDraft({
        endpointId: endpoint.id,
        language: 'typescript',
        code: 'export default (): string => "draft"',
        savedBy: 'u1',
        savedAt: new Date().toISOString(),
        basedOnVersion: 1,
      });
      await store().createProcess(queuedProcess());
      await store().createUser({
        id: 'u1',
        email: 'a@b.c',
        name: 'A',
        role: 'viewer',
        disabled: true,
        passwordHash: 'h',
        createdAt: new Date().toISOString(),
      });
      await store().putSecret('TOKEN', 'x');
      await store().createApiToken({
        id: 'token-1',
        name: 'CI',
        userId: 'u1',
        tokenHash: 'c'.repeat(64),
        prefix: 'sgt_AbCd',
        createdAt: new Date().toISOString(),
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
      });
      await store().createApiKey({
        id: 'key-1',
        name: 'Partner',
        lookup: 'lookup-1',
        keyHash: 'd'.repeat(64),
        endpointIds: ['e1'],
        createdAt: new Date().toISOString(),
        createdBy: 'u1',
        expiresAt: null,
        lastUsedAt: null,
        revokedAt: null,
        rotatedFrom: null,
      });
      await store().appendAudit({
        id: newId(),
        at: new Date().toISOString(),
        actor: { id: 'u1', email: 'a@b.c' },
        action: 'apiKey.create',
        entity: { type: 'apiKey', id: 'key-1', name: 'Partner' },
        ip: '127.0.0.1',
      });
      await store().incrementRateCounter('e1:ip:127.0.0.1:1', isoAt(Date.now(), 60_000));
      const before = await exportAll(store(), 50);
      expect(new Set(before.map((r) => r.type))).toEqual(new Set(TRANSFER_KINDS));
      await store().importRecords(before);
      await store().importRecords(before);
      expect(await exportAll(store(), 50)).toEqual(before);
      expect(await store().countQueued()).toBe(1);
    });

    it('rejects an imported endpoint whose slug another endpoint already uses with slug_taken', async () => {
      const endpoint = endpointInput({ slug: 'shared-slug' });
      await store().createEndpoint(endpoint, scenarioInput());
      const [record] = (await store().exportRecords('endpoint', null, 10)).records;
      if (record?.type !== 'endpoint') throw new Error('no endpoint exported');
      const other = { ...record, endpoint: { ...record.endpoint, id: 'another-endpoint-id' } };
      await expect(store().importRecords([other])).rejects.toMatchObject({ code: 'slug_taken' });
      expect(await store().getEndpoint('another-endpoint-id')).toBeNull();
    });
  });
}
