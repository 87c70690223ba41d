import { describe, expect, it } from 'vitest';
import {
  awkwardObject,
  deeplyNested,
  newProcess,
  queuedProcess,
  recordOf,
  sentProcess,
  type GetStore,
} from './fixtures.js';

export function processContract(store: GetStore): void {
  describe('processes', () => {
    it('stores a process and returns it unchanged', async () => {
      const process = newProcess({ rerunOf: 'other-process', principal: { type: 'apiKey', id: 'key-1' } });
      await store().createProcess(process);
      expect(await store().getProcess(process.id)).toEqual(recordOf(process));
    });

    it('answers null or does nothing for an unknown process id', async () => {
      expect(await store().getProcess('missing')).toBeNull();
      expect(await store().getProcessWithToken('missing')).toBeNull();
      expect(await store().getProcessInput('missing')).toBeNull();
      expect(await store().updateProcess('missing', { status: 'failed' })).toBeNull();
      expect(await store().patchProcess('missing', { status: 'failed' })).toBe(false);
      expect(await store().transitionProcess('missing', ['running'], { status: 'failed' })).toBeNull();
      const attempt = { at: new Date().toISOString(), status: 200, durationMs: 1 };
      expect(
        await store().recordCallbackAttempt('missing', 'x', attempt, { status: 'delivered', nextAttemptAt: null }),
      ).toBeNull();
      expect(await store().restartCallback('missing', 'https://h.example', new Date().toISOString())).toBeNull();
    });

    it('updates only the patched fields and returns the updated record', async () => {
      const process = newProcess({ status: 'running', response: null, finishedAt: null, durationMs: null });
      await store().createProcess(process);
      const finishedAt = new Date().toISOString();
      const patch = {
        status: 'failed' as const,
        error: {
          code: 'scenario_error',
          name: 'TypeError',
          message: 'x is not a function',
          stack: 'TypeError\n    at handler (scenario.js:3:7)',
        },
        logs: [{ level: 'error' as const, time: finishedAt, text: 'boom' }],
        logsTruncated: true,
        finishedAt,
        durationMs: 41,
        scenarioVersion: 3,
        attempt: 2,
      };
      const updated = await store().updateProcess(process.id, patch);
      expect(updated).toEqual({ ...recordOf(process), ...patch });
      expect(await store().getProcess(process.id)).toEqual(updated);
    });

    it('patches without reading back, with the same result as an update', async () => {
      const process = newProcess({ status: 'running', response: null, finishedAt: null, durationMs: null });
      await store().createProcess(process);
      const finishedAt = new Date().toISOString();
      const patch = {
        status: 'succeeded' as const,
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: '{"a.b":{"$x":1}}',
          bodyEncoding: 'utf8' as const,
          bodyTruncated: false,
        },
        logs: [{ level: 'info' as const, time: finishedAt, text: 'done' }],
        finishedAt,
        durationMs: 3,
      };
      expect(await store().patchProcess(process.id, patch)).toBe(true);
      expect(await store().getProcess(process.id)).toEqual({ ...recordOf(process), ...patch });
      expect(await store().patchProcess(process.id, {})).toBe(true);
    });

    it('treats an undefined patch value as absent and null as a value', async () => {
      const process = newProcess();
      await store().createProcess(process);
      const updated = await store().updateProcess(process.id, {
        response: null,
        error: undefined,
        durationMs: undefined,
      });
      expect(updated).toEqual({ ...recordOf(process), response: null });
    });

    it('clears the stored run input when the patch sets input to null', async () => {
      const process = queuedProcess({ input: { request: { body: 'x' } } });
      await store().createProcess(process);
      expect(await store().getProcessInput(process.id)).toEqual({ request: { body: 'x' } });
      await store().updateProcess(process.id, { input: null });
      expect(await store().getProcessInput(process.id)).toBeNull();
      expect(await store().getProcess(process.id)).toEqual(recordOf(process));
    });

    it('transitions only from one of the expected statuses (compare-and-set)', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      expect(await store().transitionProcess(process.id, ['running'], { status: 'succeeded' })).toBeNull();
      expect(await store().transitionProcess(process.id, [], { status: 'succeeded' })).toBeNull();
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'queued' });
      const cancelled = await store().transitionProcess(process.id, ['queued', 'running'], {
        status: 'cancelled',
        finishedAt: new Date().toISOString(),
      });
      expect(cancelled).toMatchObject({ id: process.id, status: 'cancelled' });
      expect(await store().transitionProcess(process.id, ['queued', 'running'], { status: 'failed' })).toBeNull();
      expect(await store().getProcess(process.id)).toMatchObject({ status: 'cancelled' });
    });

    it('lets exactly one of many parallel transitions from the same status win', async () => {
      const process = newProcess({ status: 'running' });
      await store().createProcess(process);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store().transitionProcess(process.id, ['running'], { status: 'timeout' })),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('keeps what a run sent out and its callback exactly, optional fields absent where they were', async () => {
      const process = sentProcess({
        callback: {
          url: 'https://hooks.example.com/done?a.b=$x',
          status: 'failed',
          attempts: [
            { at: new Date().toISOString(), status: 500, error: 'HTTP 500', durationMs: 20 },
            { at: new Date().toISOString(), error: 'blocked: loopback address', durationMs: 0 },
          ],
          nextAttemptAt: null,
        },
      });
      await store().createProcess(process);
      const stored = await store().getProcess(process.id);
      expect(JSON.stringify(stored)).toBe(JSON.stringify(recordOf(process)));
      expect(stored?.fetches[1]).not.toHaveProperty('status');
      expect((await store().listProcesses({ limit: 5 })).items).toEqual([recordOf(process)]);
    });

    it('records a run with nothing sent out and no callback as empty lists and null', async () => {
      const process = newProcess();
      await store().createProcess(process);
      expect(await store().getProcess(process.id)).toMatchObject({ fetches: [], mails: [], callback: null });
    });

    it('finishes a run together with what it sent out and its pending callback, in one patch', async () => {
      const running = queuedProcess();
      await store().createProcess(running);
      await store().claimQueued('instance-a', 30_000, 2);
      const { fetches, mails, callback } = sentProcess();
      const finished = await store().transitionProcess(
        running.id,
        ['running'],
        { status: 'succeeded', finishedAt: new Date().toISOString(), durationMs: 9, fetches, mails, callback },
        { leaseOwner: 'instance-a' },
      );
      expect(finished).toMatchObject({ status: 'succeeded', fetches, mails, callback });
      expect(await store().getProcess(running.id)).toEqual(finished);
      expect(await store().countPendingCallbacks()).toBe(1);
      expect(await store().patchProcess(running.id, { fetches: [], mails: [], callback: null })).toBe(true);
      expect(await store().getProcess(running.id)).toMatchObject({ fetches: [], mails: [], callback: null });
      expect(await store().countPendingCallbacks()).toBe(0);
      const again = await store().updateProcess(running.id, { callback });
      expect(again?.callback).toEqual(callback);
      expect(await store().countPendingCallbacks()).toBe(1);
    });

    it('returns the status-token hash and the run input only through their own calls', async () => {
      const process = queuedProcess({ statusTokenHash: 'f'.repeat(64), input: { request: { headers: { a: '1' } } } });
      await store().createProcess(process);
      expect(await store().getProcessWithToken(process.id)).toEqual({
        process: recordOf(process),
        statusTokenHash: 'f'.repeat(64),
      });
      expect(await store().getProcessInput(process.id)).toEqual({ request: { headers: { a: '1' } } });
      const record = await store().getProcess(process.id);
      expect(record).not.toHaveProperty('statusTokenHash');
      expect(record).not.toHaveProperty('input');
    });

    it('returns copies: changing a returned or a passed-in process changes nothing stored', async () => {
      const process = queuedProcess();
      await store().createProcess(process);
      process.request.headers.injected = 'yes';
      const first = await store().getProcess(process.id);
      expect(first?.request.headers).not.toHaveProperty('injected');
      if (!first) throw new Error('missing');
      first.logs.push({ level: 'info', time: '', text: 'changed' });
      (first.request.body as Record<string, unknown>).email = 'changed';
      const input = await store().getProcessInput(process.id);
      (input as { request: { body: { n: number } } }).request.body.n = 99;
      const again = await store().getProcess(process.id);
      expect(again?.logs).toEqual([]);
      expect(again?.request.body).toEqual({ email: 'lead@example.com', message: 'Hello' });
      expect(await store().getProcessInput(process.id)).toEqual({ request: { method: 'POST', body: { n: 1 } } });
    });

    it('round-trips request and response values whose keys contain $, dots and __proto__', async () => {
      const awkward = awkwardObject();
      const process = queuedProcess({
        request: {
          ...newProcess().request,
          headers: { 'x.forwarded$for': '1.2.3.4', $host: 'h', __proto__x: 'y' },
          query: awkward,
          body: { payload: awkward, deep: deeplyNested() },
        },
        response: {
          status: 200,
          headers: { 'x.a$b': '1' },
          body: '{"$ok":true}',
          bodyEncoding: 'utf8',
          bodyTruncated: false,
        },
        input: { body: awkward, deep: deeplyNested() },
      });
      await store().createProcess(process);
      const stored = await store().getProcess(process.id);
      expect(JSON.stringify(stored)).toBe(JSON.stringify(recordOf(process)));
      expect(JSON.stringify(await store().getProcessInput(process.id))).toBe(JSON.stringify(process.input));
      const query = stored?.request.query as Record<string, unknown>;
      expect(Object.hasOwn(query, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('round-trips unicode text in every field', async () => {
      const text = 'Заявка 📨 从网站 — ñandú \u2028 \u{1F600}';
      const process = newProcess({
        slug: 'заявка',
        request: { ...newProcess().request, url: `https://gate.example.test/api/webrequest/x?q=${text}`, body: text },
        logs: [{ level: 'info', time: new Date().toISOString(), text }],
        error: { code: 'scenario_error', name: 'Error', message: text },
      });
      await store().createProcess(process);
      expect(await store().getProcess(process.id)).toEqual(recordOf(process));
    });

    it('round-trips a 1 MB request body and run input', async () => {
      const big = 'x'.repeat(1024 * 1024 - 10) + 'ü end';
      const process = queuedProcess({ request: { ...newProcess().request, body: big }, input: { rawBody: big } });
      await store().createProcess(process);
      const stored = await store().getProcess(process.id);
      expect(stored?.request.body).toBe(big);
      expect(await store().getProcessInput(process.id)).toEqual({ rawBody: big });
    });
  });
}
