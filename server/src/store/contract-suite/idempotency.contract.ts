import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import type { IdempotencyRecord } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

const DAY_MS = 24 * 3600_000;

function idempotency(overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    endpointId: 'endpoint-1',
    key: 'order-42',
    fingerprint: 'a'.repeat(64),
    processId: newId(),
    response: null,
    createdAt: new Date().toISOString(),
    expiresAt: isoAt(Date.now(), DAY_MS),
    ...overrides,
  };
}

const ANSWER = {
  status: 201,
  headers: { 'content-type': 'application/json', 'x.a$b': 'c', 'set-cookie': 'a=1\nb=2' },
  bodyBase64: 'eyJvayI6dHJ1ZX0=',
};

export function idempotencyContract(store: GetStore): void {
  describe('idempotency keys', () => {
    it('stores the first use of a key with its fingerprint and answers later uses with the first record', async () => {
      const first = idempotency();
      expect(await store().putIdempotency(first)).toEqual({ created: true, record: first });
      const again = await store().putIdempotency(idempotency({ processId: 'another', fingerprint: 'b'.repeat(64) }));
      expect(again).toEqual({ created: false, record: first });
      expect(await store().getIdempotency(first.endpointId, first.key)).toEqual(first);
    });

    it('keeps keys apart per endpoint and tells keys apart by case', async () => {
      await store().putIdempotency(idempotency({ endpointId: 'a' }));
      expect((await store().putIdempotency(idempotency({ endpointId: 'b' }))).created).toBe(true);
      expect((await store().putIdempotency(idempotency({ endpointId: 'a', key: 'ORDER-42' }))).created).toBe(true);
      expect(await store().getIdempotency('c', 'order-42')).toBeNull();
    });

    it('runs exactly one of 50 concurrent first uses of a key: one is created, all others get its record', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, n) => store().putIdempotency(idempotency({ processId: `p${n}` }))),
      );
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const winner = created[0]?.record;
      expect(results.every((r) => JSON.stringify(r.record) === JSON.stringify(winner))).toBe(true);
      expect(await store().getIdempotency('endpoint-1', 'order-42')).toEqual(winner);
    });

    it('treats an expired key as absent: nothing to read, and the next use replaces it', async () => {
      await store().putIdempotency(idempotency({ processId: 'stale', expiresAt: isoAt(Date.now(), -1000) }));
      expect(await store().getIdempotency('endpoint-1', 'order-42')).toBeNull();
      const fresh = idempotency({ processId: 'fresh' });
      expect(await store().putIdempotency(fresh)).toEqual({ created: true, record: fresh });
      expect((await store().putIdempotency(idempotency())).record.processId).toBe('fresh');
    });

    it('replaces an expired key exactly once when 50 uses of it arrive together', async () => {
      await store().putIdempotency(idempotency({ processId: 'stale', expiresAt: isoAt(Date.now(), -1000) }));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, n) => store().putIdempotency(idempotency({ processId: `p${n}` }))),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const winner = results.find((r) => r.created)?.record.processId;
      expect(new Set(results.map((r) => r.record.processId))).toEqual(new Set([winner]));
    });

    it('stores the replayable answer of the run holding the key, with its headers exactly as given', async () => {
      const record = idempotency({ key: 'key with spaces.and$dollar' });
      await store().putIdempotency(record);
      expect(await store().setIdempotencyResponse(record.endpointId, record.key, ANSWER)).toBe(true);
      expect(await store().getIdempotency(record.endpointId, record.key)).toEqual({ ...record, response: ANSWER });
      expect((await store().putIdempotency(idempotency({ key: record.key }))).record).toEqual({
        ...record,
        response: ANSWER,
      });
      expect(await store().setIdempotencyResponse(record.endpointId, 'never-used', ANSWER)).toBe(false);
    });

    it('stores an answer only for the process named, when one is named', async () => {
      const record = idempotency();
      await store().putIdempotency(record);
      expect(await store().setIdempotencyResponse(record.endpointId, record.key, ANSWER, 'someone-else')).toBe(false);
      expect((await store().getIdempotency(record.endpointId, record.key))?.response).toBeNull();
      expect(await store().setIdempotencyResponse(record.endpointId, record.key, ANSWER, record.processId)).toBe(true);
      expect((await store().getIdempotency(record.endpointId, record.key))?.response).toEqual(ANSWER);
    });

    it('lets a key be taken over only from the process expected, and only while it holds no answer', async () => {
      const dead = idempotency({ createdAt: isoAt(Date.now(), -3600_000) });
      await store().putIdempotency(dead);
      const next = idempotency({ processId: 'next' });
      expect(await store().takeOverIdempotency(dead.endpointId, dead.key, 'not-the-holder', next)).toBe(false);
      expect(await store().getIdempotency(dead.endpointId, dead.key)).toEqual(dead);
      expect(await store().takeOverIdempotency(dead.endpointId, dead.key, dead.processId, next)).toBe(true);
      expect(await store().getIdempotency(dead.endpointId, dead.key)).toEqual(next);
      // The first holder, late: its answer no longer belongs to the key.
      expect(await store().setIdempotencyResponse(dead.endpointId, dead.key, ANSWER, dead.processId)).toBe(false);

      await store().setIdempotencyResponse(next.endpointId, next.key, ANSWER, next.processId);
      const third = idempotency({ processId: 'third' });
      expect(await store().takeOverIdempotency(next.endpointId, next.key, next.processId, third)).toBe(false);
      expect((await store().getIdempotency(next.endpointId, next.key))?.processId).toBe('next');
      expect(await store().takeOverIdempotency('endpoint-1', 'never-used', 'x', idempotency())).toBe(false);
    });

    it('gives a key to exactly one of 20 concurrent takeovers', async () => {
      const dead = idempotency();
      await store().putIdempotency(dead);
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, n) =>
          store().takeOverIdempotency(dead.endpointId, dead.key, dead.processId, idempotency({ processId: `t${n}` })),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = `t${results.indexOf(true)}`;
      expect((await store().getIdempotency(dead.endpointId, dead.key))?.processId).toBe(winner);
    });
  });
}
