import {
  FINISHED_STATUSES,
  type CallbackAttempt,
  type ProcessCallback,
  type ProcessRecord,
} from '../../contract/index.js';
import { callbackDueAt } from '../callback-state.js';
import { fromProcessRow, RECORD_COLUMNS, type ProcessRow } from './process-rows.js';
import type { SqlDatabase } from './sql.js';

interface RecordParams {
  id: string;
  owner: string;
  attempt: string;
  status: ProcessCallback['status'];
  nextAttemptAt: string | null;
  due: number | null;
}

/**
 * Durable callback deliveries, leased like async runs. `callback_due_at` is set only while a
 * callback is pending, so every statement here that looks for deliveries reads the partial
 * index `processes_callback_due` (schema.ts) and never the history.
 */
export function createCallbackRepo(db: SqlDatabase) {
  const finished = JSON.stringify(FINISHED_STATUSES);
  const statements = {
    // The oldest due delivery whose lease is free or expired; one UPDATE, so two claimers
    // (even two store instances on one file: writes take the file's write lock) never both get it.
    claim: db.prepare<{ now: number; owner: string; expires: number }, ProcessRow>(
      `UPDATE processes SET callback_lease_owner = @owner, callback_lease_expires_at = @expires
       WHERE id = (SELECT id FROM processes
         WHERE callback_due_at <= @now AND (callback_lease_expires_at IS NULL OR callback_lease_expires_at <= @now)
         ORDER BY callback_due_at, id LIMIT 1)
       RETURNING ${RECORD_COLUMNS}`,
    ),
    record: db.prepare<RecordParams, ProcessRow>(
      `UPDATE processes SET
         callback = json_set(json_insert(callback, '$.attempts[#]', json(@attempt)),
           '$.status', @status, '$.nextAttemptAt', @nextAttemptAt),
         callback_due_at = @due, callback_lease_owner = NULL, callback_lease_expires_at = NULL
       WHERE id = @id AND callback_lease_owner = @owner AND callback IS NOT NULL
       RETURNING ${RECORD_COLUMNS}`,
    ),
    restart: db.prepare<{ id: string; url: string; at: string; due: number; finished: string }, ProcessRow>(
      `UPDATE processes SET
         callback = json_object('url', @url, 'status', 'pending',
           'attempts', json(coalesce(json_extract(callback, '$.attempts'), '[]')), 'nextAttemptAt', @at),
         callback_due_at = @due, callback_lease_owner = NULL, callback_lease_expires_at = NULL
       WHERE id = @id AND status IN (SELECT value FROM json_each(@finished))
       RETURNING ${RECORD_COLUMNS}`,
    ),
    countPending: db.prepare<[], { n: number }>(
      'SELECT count(*) AS n FROM processes WHERE callback_due_at IS NOT NULL',
    ),
  };

  const recordOrNull = (row: ProcessRow | undefined): ProcessRecord | null => (row ? fromProcessRow(row) : null);

  return {
    claimCallback(owner: string, leaseMs: number): ProcessRecord | null {
      const now = Date.now();
      return recordOrNull(statements.claim.get({ now, owner: String(owner), expires: now + leaseMs }));
    },
    recordCallbackAttempt(
      id: string,
      owner: string,
      attempt: CallbackAttempt,
      next: { status: ProcessCallback['status']; nextAttemptAt: string | null },
    ): ProcessRecord | null {
      const due = callbackDueAt({ url: '', attempts: [], ...next }, Date.now());
      return recordOrNull(
        statements.record.get({
          id: String(id),
          owner: String(owner),
          attempt: JSON.stringify(attempt),
          status: next.status,
          nextAttemptAt: next.nextAttemptAt,
          due,
        }),
      );
    },
    restartCallback(id: string, url: string, at: string): ProcessRecord | null {
      const due = callbackDueAt({ url, status: 'pending', attempts: [], nextAttemptAt: at }, Date.now()) ?? Date.now();
      return recordOrNull(statements.restart.get({ id: String(id), url: String(url), at, due, finished }));
    },
    countPendingCallbacks: () => statements.countPending.get()?.n ?? 0,
  };
}
