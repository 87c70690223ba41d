import { describe, expect, it } from 'vitest';
import {
  awkwardObject,
  deeplyNested,
  newProcess,
  queuedProcess,
  recordOf,
  sentProcess,
} from '../contract-suite/fixtures.js';
import { CHUNK_CHARS, encodeInput, INLINE_INPUT_CHARS, splitText } from './input-store.js';
import type { ProcessDoc } from './models.js';
import { fromProcessDoc, patchToSet, toProcessDoc } from './process-docs.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T10:00:00.000Z');

/** What a document looks like after BSON: JSON-able fields only, read back in stored order. */
function storedDoc(process: ReturnType<typeof newProcess>): ProcessDoc {
  const doc = { ...toProcessDoc(process, NOW, 30 * DAY), inputJson: null, inputChunks: 0 };
  return JSON.parse(JSON.stringify(doc), (key, value: unknown) =>
    (key === 'expireAt' || key === 'leaseExpiresAt') && typeof value === 'string' ? new Date(value) : value,
  ) as ProcessDoc;
}

describe('MongoDB process documents', () => {
  it('round-trips a record whose request keys contain $, dots and __proto__, exactly and in key order', () => {
    const awkward = awkwardObject();
    const process = newProcess({
      request: { ...newProcess().request, query: awkward, body: { payload: awkward, deep: deeplyNested() } },
      logs: [{ level: 'info', time: NOW.toISOString(), text: 'lone \ud800 surrogate and $set.x' }],
      fetches: sentProcess().fetches,
      mails: sentProcess().mails,
      callback: {
        url: 'https://h.example/$x?a.b=1',
        status: 'failed',
        attempts: [{ at: NOW.toISOString(), status: 500, error: 'HTTP 500', durationMs: 3 }],
        nextAttemptAt: null,
      },
      error: { code: 'scenario_error', name: 'Error', message: 'Bad $where', stack: 'at handler (scenario.js:1:1)' },
    });
    const doc = storedDoc(process);
    expect(JSON.stringify(fromProcessDoc(doc))).toBe(JSON.stringify(recordOf(process)));
    const query = fromProcessDoc(doc).request.query;
    expect(Object.hasOwn(query, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps user-shaped values as JSON text so no stored field name starts with $ or holds a dot', () => {
    const doc = toProcessDoc(queuedProcess({ request: { ...newProcess().request, body: awkwardObject() } }), NOW, DAY);
    const names: string[] = [];
    const walk = (value: unknown) => {
      if (value === null || typeof value !== 'object' || value instanceof Date) return;
      for (const [key, child] of Object.entries(value)) {
        names.push(key);
        walk(child);
      }
    };
    walk(doc);
    expect(names.filter((name) => name.startsWith('$') || name.includes('.'))).toEqual([]);
  });

  it('gives a finished process an expiry of finishedAt + retention, and queued or running ones none', () => {
    const finishedAt = '2026-11-20T08:00:00.000Z';
    expect(toProcessDoc(newProcess({ finishedAt }), NOW, 30 * DAY).expireAt).toEqual(
      new Date(Date.parse(finishedAt) + 30 * DAY),
    );
    expect(toProcessDoc(queuedProcess(), NOW, 30 * DAY).expireAt).toBeNull();
    expect(toProcessDoc(newProcess({ status: 'running', finishedAt: null }), NOW, 30 * DAY).expireAt).toBeNull();
  });

  it('records the owner of a sync run created running, and no owner for other states', () => {
    expect(toProcessDoc(newProcess({ status: 'running', owner: 'instance-1' }), NOW, DAY).leaseOwner).toBe(
      'instance-1',
    );
    expect(toProcessDoc(newProcess({ status: 'succeeded', owner: 'instance-1' }), NOW, DAY).leaseOwner).toBeNull();
  });

  it('lower-cases the searchable texts: slug, url and id apart from the error message', () => {
    const process = newProcess({ slug: 'Contact-Form', error: { code: 'x', name: 'Error', message: 'CRM Refused' } });
    const doc = toProcessDoc(process, NOW, DAY);
    expect(doc.searchBase).toContain('contact-form');
    expect(doc.searchBase).toContain(process.id.toLowerCase());
    expect(doc.searchError).toBe('crm refused');
  });
});

describe('MongoDB process patches', () => {
  it('sets only the fields present, treating undefined as absent and null as a value', () => {
    expect(patchToSet({ response: null, error: undefined, durationMs: undefined }, NOW, DAY)).toEqual({
      responseJson: null,
    });
  });

  it('stamps the expiry and releases the lease when a run finishes', () => {
    const finishedAt = '2026-11-23T09:00:00.000Z';
    const set = patchToSet({ status: 'succeeded', finishedAt }, NOW, DAY);
    expect(set).toMatchObject({ status: 'succeeded', finishedAt, leaseOwner: null, leaseExpiresAt: null });
    expect(set.expireAt).toEqual(new Date(Date.parse(finishedAt) + DAY));
  });

  it('removes the expiry when a run goes back to the queue and keeps the lease while running', () => {
    expect(patchToSet({ status: 'queued' }, NOW, DAY)).toEqual({
      status: 'queued',
      leaseOwner: null,
      leaseExpiresAt: null,
      expireAt: null,
    });
    expect(patchToSet({ status: 'running' }, NOW, DAY)).toEqual({ status: 'running', expireAt: null });
  });

  it('keeps the words of the body values and of each log line for the search', () => {
    const process = newProcess({ logs: [{ level: 'info', time: NOW.toISOString(), text: 'Lead ACCEPTED: #42' }] });
    process.request.body = { email: 'Jane@Example.com', items: [{ note: 'Café' }], count: 3 };
    const doc = toProcessDoc(process, NOW, DAY);
    expect(doc.searchBody).toBe(' jane example com cafe 3');
    expect(doc.searchLogs).toEqual([' lead accepted 42']);
    const set = patchToSet({ logs: [{ level: 'warn', time: NOW.toISOString(), text: 'Retry later' }] }, NOW, DAY);
    expect(set.searchLogs).toEqual([' retry later']);
  });

  it('updates the searchable error text with the error', () => {
    const set = patchToSet({ error: { code: 'x', name: 'Error', message: 'Upstream TIMEOUT' } }, NOW, DAY);
    expect(set).toMatchObject({ searchError: 'upstream timeout' });
    expect(patchToSet({ error: null }, NOW, DAY)).toEqual({ errorJson: null, searchError: '' });
  });
});

describe('MongoDB callback fields', () => {
  it('indexes a pending callback by its due time and keeps no due time once it is delivered or failed', () => {
    const due = '2026-11-23T09:59:00.000Z';
    const pending = toProcessDoc(sentProcess({}, due), NOW, DAY);
    expect(pending).toMatchObject({
      callbackStatus: 'pending',
      callbackDueAt: new Date(due),
      callbackLeaseOwner: null,
    });
    const delivered = toProcessDoc(
      sentProcess({ callback: { url: 'https://h.example', status: 'delivered', attempts: [], nextAttemptAt: null } }),
      NOW,
      DAY,
    );
    expect(delivered.callbackDueAt).toBeNull();
    expect(toProcessDoc(newProcess(), NOW, DAY)).toMatchObject({ callbackStatus: null, callbackDueAt: null });
  });

  it('keeps a due time before 1970 inside the partial index of pending callbacks', () => {
    const doc = toProcessDoc(sentProcess({}, '1970-01-01T00:00:00.000Z'), NOW, DAY);
    expect(doc.callbackDueAt?.getTime()).toBeGreaterThan(0);
  });

  it('reads a document written before callbacks were delivered as a process without a callback', () => {
    const {
      fetches: _f,
      mails: _m,
      callbackUrl: _u,
      callbackStatus: _s,
      callbackNextAttemptAt: _n,
      ...older
    } = storedDoc(newProcess());
    expect(fromProcessDoc(older as ProcessDoc)).toMatchObject({ fetches: [], mails: [], callback: null });
  });

  it('patches a callback with its due time and frees its lease', () => {
    const callback = sentProcess({}, '2026-11-23T10:05:00.000Z').callback;
    expect(patchToSet({ callback }, NOW, DAY)).toEqual({
      callbackUrl: callback?.url,
      callbackStatus: 'pending',
      callbackAttempts: [],
      callbackNextAttemptAt: '2026-11-23T10:05:00.000Z',
      callbackDueAt: new Date('2026-11-23T10:05:00.000Z'),
      callbackLeaseOwner: null,
      callbackLeaseExpiresAt: null,
    });
  });
});

describe('MongoDB run input storage', () => {
  it('keeps a small input inline and splits a large one into chunks that join back exactly', () => {
    expect(encodeInput({ a: 1 })).toEqual({ inputJson: '{"a":1}', chunks: [] });
    expect(encodeInput(null)).toEqual({ inputJson: null, chunks: [] });
    const big = { rawBody: 'é'.repeat(INLINE_INPUT_CHARS + 5), files: ['🎉'.repeat(CHUNK_CHARS)] };
    const encoded = encodeInput(big);
    expect(encoded.inputJson).toBeNull();
    expect(encoded.chunks.length).toBeGreaterThan(1);
    expect(encoded.chunks.every((chunk) => chunk.length <= CHUNK_CHARS)).toBe(true);
    expect(JSON.parse(encoded.chunks.join(''))).toEqual(big);
  });

  it('never cuts a surrogate pair in half, so every chunk is valid UTF-8', () => {
    const parts = splitText('a🎉🎉🎉', 2);
    expect(parts.join('')).toBe('a🎉🎉🎉');
    for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
  });
});
