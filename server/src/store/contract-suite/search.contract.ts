import { describe, expect, it } from 'vitest';
import type { ProcessLogLine } from '../../contract/index.js';
import type { NewProcess, ProcessQuery, TransferRecord } from '../types.js';
import { isoAt, newProcess, recordOf, type GetStore } from './fixtures.js';

const BASE = '2024-06-01T09:00:00.000Z';

function submission(n: number, body: unknown, logs: string[] = [], overrides: Partial<NewProcess> = {}): NewProcess {
  const process = newProcess({
    queuedAt: isoAt(BASE, n * 60_000),
    logs: logs.map((text): ProcessLogLine => ({ level: 'info', time: isoAt(BASE, n * 60_000), text })),
    ...overrides,
  });
  process.request.body = body;
  return process;
}

/**
 * The list's `q` also finds words of the recorded request body and of the log text (issue 15:
 * an admin finds Jane's submission by her email), on an index in each adapter: words in a row,
 * the last one a prefix, case and accents folded.
 */
export function searchContract(store: GetStore): void {
  const ids = async (query: Omit<ProcessQuery, 'limit'>) =>
    (await store().listProcesses({ ...query, limit: 200 })).items.map((p) => p.id);

  describe('process search by body and log text', () => {
    it('finds a submission by the email address in its form body, in any case', async () => {
      const jane = submission(1, { name: 'Jane Doe', email: 'jane@example.com', message: 'Call me' });
      const john = submission(2, { name: 'John Roe', email: 'john@example.org', message: 'Hello' });
      await store().createProcess(jane);
      await store().createProcess(john);

      expect(await ids({ q: 'jane@example.com' })).toEqual([jane.id]);
      expect(await ids({ q: 'JANE@Example.COM' })).toEqual([jane.id]);
      expect(await ids({ q: 'Doe' })).toEqual([jane.id]);
      expect(await ids({ q: 'john@example.com' })).toEqual([]);
      expect(await store().countProcesses({ q: 'jane@example.com' })).toBe(1);
    });

    it('matches the start of a word, not its middle', async () => {
      const process = submission(1, { company: 'Northwind Traders' });
      await store().createProcess(process);

      expect(await ids({ q: 'northw' })).toEqual([process.id]);
      expect(await ids({ q: 'northwind tra' })).toEqual([process.id]);
      expect(await ids({ q: 'wind' })).toEqual([]);
      expect(await ids({ q: 'traders northwind' })).toEqual([]);
    });

    it('searches text, nested and Cyrillic bodies, and numbers', async () => {
      const text = submission(1, 'plain text order NUMBER 7731');
      const nested = submission(2, { customer: { contacts: [{ phone: '+1 555 0100' }] }, quantity: 42, unit: 'boxes' });
      const russian = submission(3, { message: 'Здравствуйте, ПЕРЕЗВОНИТЕ мне' });
      const accented = submission(4, { city: 'Café Zürich' });
      for (const process of [text, nested, russian, accented]) await store().createProcess(process);

      expect(await ids({ q: 'order number 7731' })).toEqual([text.id]);
      expect(await ids({ q: '555 0100' })).toEqual([nested.id]);
      expect(await ids({ q: '42 box' })).toEqual([nested.id]);
      expect(await ids({ q: 'перезвоните' })).toEqual([russian.id]);
      expect(await ids({ q: 'zurich' })).toEqual([accented.id]);
    });

    it('finds a run by its log text, including lines written after it was created', async () => {
      const logged = submission(1, { email: 'a@example.com' }, ['CRM accepted lead 4411']);
      const queued = submission(2, null, [], { status: 'running', finishedAt: null, durationMs: null });
      await store().createProcess(logged);
      await store().createProcess(queued);
      expect(await ids({ q: 'accepted lead 4411' })).toEqual([logged.id]);
      expect(await ids({ q: 'mailchimp' })).toEqual([]);

      await store().patchProcess(queued.id, {
        status: 'succeeded',
        finishedAt: isoAt(BASE, 180_000),
        logs: [{ level: 'warn', time: isoAt(BASE, 170_000), text: 'Mailchimp answered 429' }],
      });
      expect(await ids({ q: 'mailchimp' })).toEqual([queued.id]);

      // Log lines that were replaced no longer match.
      await store().patchProcess(logged.id, { logs: [] });
      expect(await ids({ q: 'accepted lead 4411' })).toEqual([]);
      expect(await ids({ q: 'a@example.com' })).toEqual([logged.id]);
    });

    it('combines a body search with the other filters and pages through the matches', async () => {
      const created: NewProcess[] = [];
      for (let n = 0; n < 7; n += 1) {
        const process = submission(n, { email: `lead${n}@acme.test`, source: 'landing page' }, [], {
          endpointId: n % 2 === 0 ? 'endpoint-a' : 'endpoint-b',
          status: n % 3 === 0 ? 'failed' : 'succeeded',
        });
        await store().createProcess(process);
        created.push(process);
      }
      await store().createProcess(submission(9, { email: 'other@else.test' }, [], { endpointId: 'endpoint-a' }));

      const newestFirst = created.map((p) => p.id).reverse();
      expect(await ids({ q: 'landing' })).toEqual(newestFirst);
      expect(await ids({ q: 'acme.test', endpointId: 'endpoint-a', status: ['failed'] })).toEqual(
        [created[6]?.id, created[0]?.id].filter(Boolean),
      );

      const first = await store().listProcesses({ q: 'landing page', limit: 4 });
      expect(first.items).toHaveLength(4);
      const second = await store().listProcesses({ q: 'landing page', limit: 4, cursor: first.nextCursor });
      expect([...first.items, ...second.items].map((p) => p.id)).toEqual(newestFirst);
      expect(second.nextCursor).toBeNull();
    });

    it('takes quotes, stars and operators in the search as plain text', async () => {
      const process = submission(1, { note: 'say "hi" AND NEAR(x y) or not' });
      await store().createProcess(process);

      expect(await ids({ q: '"hi" and' })).toEqual([process.id]);
      expect(await ids({ q: 'NEAR(x' })).toEqual([process.id]);
      expect(await ids({ q: 'hi*' })).toEqual([process.id]);
      expect(await ids({ q: '"' })).toEqual([]);
      expect(await ids({ q: 'or not -x' })).toEqual([]);
    });

    it('still finds imported processes by body, and no longer finds purged ones', async () => {
      const old = isoAt(Date.now(), -60_000);
      const process = submission(1, { email: 'restored@example.com' }, ['imported line'], {
        queuedAt: old,
        finishedAt: old,
      });
      await store().importRecords([
        { type: 'process', process: recordOf(process), statusTokenHash: null, input: null, owner: null },
      ] satisfies TransferRecord[]);
      expect(await ids({ q: 'restored@example.com' })).toEqual([process.id]);
      expect(await ids({ q: 'imported line' })).toEqual([process.id]);

      await store().purgeExpired(new Date().toISOString());
      const later = submission(2, { email: 'someone@else.test' });
      await store().createProcess(later);
      expect(await ids({ q: 'restored' })).toEqual([]);
      expect(await ids({ q: 'someone' })).toEqual([later.id]);
    });
  });
}
