import type { ProcessMode } from '../../contract/index.js';
import { callbackDueAt } from '../callback-state.js';
import { searchError } from '../search-text.js';
import { handedBackLogLine, pendingCallback, recoveryOf, recoveryReasonOf } from '../../lifecycle/process-lifecycle.js';
import type { ClaimedProcess, RecoverOptions } from '../types.js';
import { fromProcessRow, parseInput, RECORD_COLUMNS, type ProcessRow } from './process-rows.js';
import type { SqlDatabase } from './sql.js';

type ClaimRow = ProcessRow & { input: string | null; status_token_hash: string | null };

interface RecoveryCandidate {
  id: string;
  endpoint_id: string;
  mode: ProcessMode;
  attempt: number;
  started_at: string | null;
  lease_owner: string | null;
}

interface RecoveryParams {
  now: number;
  owner: string | null;
  syncBefore: string | null;
}

export function createQueueRepo(db: SqlDatabase) {
  const statements = {
    // The oldest queued process (ids are time-ordered); the (status, id) index finds it at once.
    claim: db.prepare<{ now: string; owner: string; expires: number }, ClaimRow>(
      `UPDATE processes SET status = 'running', started_at = @now, lease_owner = @owner, lease_expires_at = @expires
       WHERE id = (SELECT id FROM processes WHERE status = 'queued' ORDER BY id LIMIT 1) AND status = 'queued'
       RETURNING ${RECORD_COLUMNS}, input, status_token_hash`,
    ),
    renew: db.prepare<{ owner: string; ids: string; expires: number }>(
      `UPDATE processes SET lease_expires_at = @expires
       WHERE lease_owner = @owner AND status = 'running' AND id IN (SELECT value FROM json_each(@ids))`,
    ),
    // Only `running` rows are read (few: bounded by the runs in flight), through the (status, id) index.
    // A NULL @owner or @syncBefore matches nothing, so each rule applies only when asked for.
    recoverable: db.prepare<RecoveryParams, RecoveryCandidate>(
      `SELECT id, endpoint_id, mode, attempt, started_at, lease_owner FROM processes
       WHERE status = 'running' AND (
         (mode = 'async' AND (lease_expires_at < @now OR lease_owner = @owner))
         OR (mode = 'sync' AND (lease_owner = @owner OR started_at < @syncBefore)))
       ORDER BY id`,
    ),
    requeue: db.prepare<{ id: string; line: string }>(
      `UPDATE processes SET status = 'queued', attempt = attempt + 1, started_at = NULL,
         lease_owner = NULL, lease_expires_at = NULL, logs = json_insert(logs, '$[#]', json(@line))
       WHERE id = @id AND status = 'running'`,
    ),
    interrupt: db.prepare<{
      id: string;
      now: string;
      error: string;
      errorSearch: string;
      durationMs: number | null;
      callback: string | null;
      callbackDue: number | null;
    }>(
      `UPDATE processes SET status = 'interrupted', finished_at = @now, duration_ms = coalesce(@durationMs, duration_ms),
         error = @error, search_text = substr(search_text, 1, instr(search_text, char(31))) || @errorSearch,
         lease_owner = NULL, lease_expires_at = NULL,
         callback_due_at = CASE WHEN callback IS NULL THEN @callbackDue ELSE callback_due_at END,
         callback = coalesce(callback, @callback)
       WHERE id = @id AND status = 'running'`,
    ),
    // Fenced by owner: only the instance holding the lease hands a run back.
    release: db.prepare<{ id: string; owner: string; line: string }, ProcessRow>(
      `UPDATE processes SET status = 'queued', started_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
         logs = json_insert(logs, '$[#]', json(@line))
       WHERE id = @id AND status = 'running' AND mode = 'async' AND lease_owner = @owner
       RETURNING ${RECORD_COLUMNS}`,
    ),
    callbackUrl: db.prepare<[string], { url: unknown }>(
      `SELECT json_extract(settings, '$.callbackUrl') AS url FROM endpoints WHERE id = ?`,
    ),
    countQueued: db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM processes WHERE status = 'queued'`),
  };

  /**
   * An async run interrupted here reached its final state with no finishing patch to carry its
   * callback, so it gets it in the same write: due at once, to the endpoint's current URL.
   */
  function callbackOf(endpointId: string, at: string) {
    const url = statements.callbackUrl.get(endpointId)?.url;
    return pendingCallback(typeof url === 'string' ? url : null, new Date(at));
  }

  /** Requeues or interrupts the matching `running` processes; runs inside the caller's transaction. */
  function recover(maxAttempts: number, nowIso: string, owner: string | null, syncBefore: string | null) {
    const now = Date.parse(nowIso);
    const requeued: string[] = [];
    const interrupted: string[] = [];
    for (const candidate of statements.recoverable.all({ now, owner, syncBefore })) {
      const decision = recoveryOf(
        { mode: candidate.mode, attempt: candidate.attempt, startedAt: candidate.started_at },
        maxAttempts,
        new Date(now),
        recoveryReasonOf({ mode: candidate.mode, leaseOwner: candidate.lease_owner }, owner),
      );
      if (decision.action === 'requeue') {
        if (statements.requeue.run({ id: candidate.id, line: JSON.stringify(decision.logLine) }).changes > 0)
          requeued.push(candidate.id);
        continue;
      }
      const callback = candidate.mode === 'async' ? callbackOf(candidate.endpoint_id, decision.finishedAt) : null;
      const changes = statements.interrupt.run({
        id: candidate.id,
        now: decision.finishedAt,
        error: JSON.stringify(decision.error),
        errorSearch: searchError(decision.error),
        durationMs: decision.durationMs,
        callback: callback === null ? null : JSON.stringify(callback),
        callbackDue: callbackDueAt(callback, now),
      }).changes;
      if (changes > 0) interrupted.push(candidate.id);
    }
    return { requeued, interrupted };
  }

  const claimTx = db.transaction((owner: string, leaseMs: number, maxAttempts: number): ClaimedProcess | null => {
    const now = Date.now();
    const nowIso = new Date(now).toISOString();
    // Expired leases first: a run whose owner died becomes claimable again as its next attempt.
    recover(maxAttempts, nowIso, null, null);
    const row = statements.claim.get({ now: nowIso, owner, expires: now + leaseMs });
    if (!row) return null;
    return { process: fromProcessRow(row), input: parseInput(row.input), statusTokenHash: row.status_token_hash };
  });

  const recoverTx = db.transaction(recover);

  return {
    claimQueued: (owner: string, leaseMs: number, maxAttempts: number) =>
      claimTx.immediate(owner, leaseMs, maxAttempts),
    renewLeases(owner: string, processIds: string[], leaseMs: number): void {
      if (processIds.length === 0) return;
      statements.renew.run({ owner, ids: JSON.stringify(processIds), expires: Date.now() + leaseMs });
    },
    recoverInterrupted(options: RecoverOptions) {
      const now = new Date(options.now ?? Date.now()).toISOString();
      const syncBefore = options.syncStartedBefore ? new Date(options.syncStartedBefore).toISOString() : null;
      return recoverTx.immediate(options.maxAttempts, now, options.owner ?? null, syncBefore);
    },
    releaseRun(id: string, owner: string) {
      const row = statements.release.get({ id, owner, line: JSON.stringify(handedBackLogLine()) });
      return row ? fromProcessRow(row) : null;
    },
    countQueued: () => statements.countQueued.get()?.n ?? 0,
  };
}
