import { createHash } from 'node:crypto';
import type { RunRequest } from '@scriptgate/runner';
import { AppError } from '../core/app-error.js';
import type { HttpAnswer } from '../exchange/respond.js';
import type { IdempotencyRecord, Store } from '../store/types.js';

/**
 * `Idempotency-Key` (README "Calling an endpoint"): a repeat of a call with the same key and
 * the same request runs nothing and gets the first answer again. The key is claimed by an
 * atomic insert in the store, so of concurrent repeats exactly one runs; the others wait a
 * moment for its answer and otherwise get `409 idempotency_in_progress`. Keys are scoped to
 * the endpoint and kept 24 hours.
 */

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How long a repeat waits for the first run's answer before it is told to retry. */
const WAIT_FOR_FIRST_MS = 1_000;
const KEY = /^[\x20-\x7e]{1,255}$/;

/** The key a caller sent, validated; null when none. */
export function idempotencyKeyOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  if (!KEY.test(header)) {
    throw new AppError(
      'invalid_idempotency_key',
      'Idempotency-Key must be 1 to 255 printable ASCII characters (space included)',
    );
  }
  return header;
}

/** What makes two calls "the same request": method, subpath, query and body (files by content). */
export function fingerprintOf(request: Pick<RunRequest, 'method' | 'subpath' | 'query' | 'body' | 'files'>): string {
  const hash = createHash('sha256');
  hash.update(request.method).update('\u0000').update(request.subpath).update('\u0000');
  hash.update(JSON.stringify(request.query)).update('\u0000');
  hash.update(JSON.stringify(request.body ?? null)).update('\u0000');
  for (const file of request.files) {
    hash
      .update(`${file.field}\u0001${file.name}\u0001${file.contentType}\u0001`)
      .update(file.dataBase64)
      .update('\u0000');
  }
  return hash.digest('hex');
}

export type StoredAnswer = NonNullable<IdempotencyRecord['response']>;

export function storedAnswer(answer: Pick<HttpAnswer, 'status' | 'headers' | 'body'>): StoredAnswer {
  const headers: Record<string, string> = {};
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    headers[lower] = headers[lower] === undefined ? value : `${headers[lower]}\n${value}`;
  }
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  return { status: answer.status, headers, bodyBase64: body.toString('base64') };
}

/** A stored answer as an HttpAnswer again (multi-valued headers were joined with "\n"). */
export function answerOf(stored: StoredAnswer): HttpAnswer {
  const headers: Array<[string, string]> = [];
  for (const [name, joined] of Object.entries(stored.headers)) {
    for (const value of joined.split('\n')) headers.push([name, value]);
  }
  return { status: stored.status, headers, body: Buffer.from(stored.bodyBase64, 'base64'), binary: true };
}

export type Claim = { kind: 'first'; processId: string } | { kind: 'replay'; processId: string; answer: StoredAnswer };

export function createIdempotency(deps: {
  store: Pick<
    Store,
    'putIdempotency' | 'getIdempotency' | 'takeOverIdempotency' | 'setIdempotencyResponse' | 'getProcess'
  >;
  /** A sync run cannot outlive this (its time limit and the shutdown grace): older claims are abandoned. */
  abandonedAfterMs: number;
}) {
  const { store } = deps;

  async function waitForAnswer(endpointId: string, key: string): Promise<IdempotencyRecord | null> {
    const until = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const current = await store.getIdempotency(endpointId, key);
      if (!current || current.response || Date.now() >= until) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    /**
     * Claims `key` for this request (then the caller runs it under `processId`), or says what
     * the first request with it answered. Throws `422 idempotency_key_reused` for another
     * request under the same key, `409 idempotency_in_progress` while the first still runs.
     */
    async claim(endpointId: string, key: string, fingerprint: string, processId: string): Promise<Claim> {
      const now = Date.now();
      const record: IdempotencyRecord = {
        endpointId,
        key,
        fingerprint,
        processId,
        response: null,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(),
      };
      const put = await store.putIdempotency(record);
      if (put.created) return { kind: 'first', processId };
      let existing = put.record;
      if (existing.fingerprint !== fingerprint) {
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request (method, subpath, query or body)',
        );
      }
      if (!existing.response) existing = (await waitForAnswer(endpointId, key)) ?? existing;
      if (existing.response) return { kind: 'replay', processId: existing.processId, answer: existing.response };
      // The first request is still going — or its instance died before it answered. A claim
      // older than any run can live, whose process never finished, is taken over.
      const first = await store.getProcess(existing.processId);
      const abandoned =
        Date.parse(existing.createdAt) < now - deps.abandonedAfterMs && (!first || first.finishedAt !== null);
      if (abandoned && (await store.takeOverIdempotency(endpointId, key, existing.processId, record))) {
        return { kind: 'first', processId };
      }
      throw new AppError('idempotency_in_progress', 'The first request with this Idempotency-Key is still running', {
        headers: { 'Retry-After': '1' },
      });
    },

    /** Stores the answer of the request that claimed `key`, for its repeats. */
    async remember(
      endpointId: string,
      key: string,
      answer: Pick<HttpAnswer, 'status' | 'headers' | 'body'>,
    ): Promise<void> {
      await store.setIdempotencyResponse(endpointId, key, storedAnswer(answer));
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;
