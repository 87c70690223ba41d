import { createHash } from 'node:crypto';
import type { RunCaller, RunJob, RunnerPool, RunOptions, RunOutcome, RunRequest } from '@scriptgate/runner';
import type { Config } from '../core/config.js';
import type { Principal, ProcessMode, ProcessRecord, ScenarioVersion } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';
import { isAppError } from '../core/app-error.js';
import type { Logger } from '../core/log.js';
import { newId, randomToken } from '../store/ids.js';
import { answerFromOutcome, type HttpAnswer } from '../exchange/respond.js';
import type { ProcessEvents } from './events.js';
import {
  crashRequeuePatch,
  failedBeforeRunPatch,
  pendingCallback,
  finishedPatch,
  mayRetry,
  statusOf,
} from '../lifecycle/process-lifecycle.js';
import { processFetches, processMails } from './outbound-records.js';
import {
  finishedRecord,
  recordRequest,
  recordResponse,
  redactOutcome,
  storedProcess,
  toLogLine,
  toProcessError,
  type FinishedFields,
} from './record.js';
import { secretPlaceholders, type SecretsCache, type SecretsSnapshot } from '../secrets/cache.js';
import type { Redactor } from '../secrets/redact.js';

export interface RunMeta {
  principal: Principal | null;
  rerunOf?: string | null;
  idempotencyKey?: string | null;
  /** The process id to use (chosen before, e.g. to claim an Idempotency-Key); new when absent. */
  processId?: string;
  /**
   * Epoch ms the run must be answered by: the request's arrival plus its time limit, so time
   * spent waiting for a lane or a worker counts (sync runs).
   */
  deadline?: number;
}

/** What an async process keeps in the store until it has run. */
export interface StoredInput {
  request: RunRequest;
  principal: Principal | null;
}

export interface ProcessServiceDeps {
  store: Store;
  runner: RunnerPool;
  config: Config;
  log: Logger;
  events: ProcessEvents;
  secrets: SecretsCache;
  /** This instance's name: sync runs record it so that recovery knows whose runs died. */
  owner: string;
  onFinished?: (record: ProcessRecord, outcome: RunOutcome, endpoint: Endpoint) => void;
  /**
   * Host operations a run of this endpoint may call (`ctx.mail.send` → `mail.send`), made
   * fresh per run so per-run caps count that run only.
   */
  hostOps?: (endpoint: Endpoint) => RunOptions['ops'];
}

/** After a failed write, sync runs are recorded before they start for this long (see runSync). */
const STORE_FAILURE_MEMORY_MS = 30_000;

/** A sync run still going after this long is written as `running` (see runSync). */
export const SYNC_RECORD_DELAY_MS = 100;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `ctx.user`: the endpoint's authenticated caller; null when anonymous or run by an admin. */
function callerOf(principal: Principal | null): RunCaller | null {
  if (!principal || principal.type === 'anonymous' || principal.type === 'admin') return null;
  return {
    id: principal.id,
    type: principal.type,
    ...(principal.name !== undefined ? { name: principal.name } : {}),
    ...(principal.claims !== undefined ? { claims: principal.claims } : {}),
  };
}

export type ProcessService = ReturnType<typeof createProcessService>;

export function createProcessService(deps: ProcessServiceDeps) {
  const { store, runner, config, events, secrets } = deps;

  function timeLimit(endpoint: Pick<Endpoint, 'timeoutMs'>): number {
    return Math.min(endpoint.timeoutMs ?? config.SYNC_TIMEOUT_MS, config.SYNC_TIMEOUT_MS);
  }

  function buildJob(run: {
    processId: string;
    attempt: number;
    scenario: { id: string; version: number; code: string };
    endpoint: Pick<Endpoint, 'timeoutMs'>;
    request: RunRequest;
    mode: ProcessMode;
    principal: Principal | null;
    secretValues: Readonly<Record<string, string>>;
    deadline?: number | undefined;
  }): RunJob {
    const { processId, scenario, request, mode, principal, secretValues } = run;
    const timeoutMs = timeLimit(run.endpoint);
    return {
      runId: processId,
      scenario,
      request,
      ctx: {
        event: { id: processId, type: '$webRequest', async: mode === 'async' },
        script: { id: scenario.id, version: scenario.version },
        process: { id: processId, attempt: run.attempt },
        user: callerOf(principal),
        // The runner only reads it (and copies it into the isolate).
        secrets: secretValues as Record<string, string>,
      },
      limits: {
        timeoutMs,
        cpuMs: timeoutMs,
        memoryMb: config.ISOLATE_MEMORY_MB,
        maxLogLines: config.LOG_MAX_LINES,
        maxLogBytes: config.LOG_MAX_BYTES,
        maxResultBytes: config.RESULT_LIMIT,
        ...(run.deadline !== undefined ? { deadline: run.deadline } : {}),
      },
    };
  }

  function newRecord(
    processId: string,
    endpoint: Endpoint,
    version: number,
    request: RunRequest,
    mode: ProcessMode,
    meta: RunMeta,
    redactor: Redactor,
  ): ProcessRecord {
    const now = new Date().toISOString();
    return {
      id: processId,
      endpointId: endpoint.id,
      slug: endpoint.slug,
      scenarioVersion: version,
      mode,
      status: mode === 'sync' ? 'running' : 'queued',
      attempt: 1,
      request: recordRequest(request, config.RECORD_BODY_LIMIT, redactor),
      response: null,
      logs: [],
      logsTruncated: false,
      error: null,
      queuedAt: now,
      startedAt: mode === 'sync' ? now : null,
      finishedAt: null,
      durationMs: null,
      ip: request.ip,
      principal: meta.principal,
      fetches: [],
      mails: [],
      callback: null,
      rerunOf: meta.rerunOf ?? null,
      idempotencyKey: meta.idempotencyKey ?? null,
    };
  }

  /**
   * What a run that ended records, from its outcome (see lifecycle/process-lifecycle.ts). Built
   * field by field, like the records below: objects made by spreading records of varying shapes
   * sent each request through V8's slow property paths (~9 % of the event loop's time under load).
   */
  function finishFields(
    record: Pick<ProcessRecord, 'startedAt' | 'logs'>,
    outcome: RunOutcome,
    answer: HttpAnswer,
    redactor: Redactor,
  ): FinishedFields {
    const ended = finishedPatch(record, {
      status: statusOf(outcome),
      response: recordResponse(answer, config.RECORD_BODY_LIMIT, redactor),
      logs: outcome.logs.map(toLogLine),
      logsTruncated: outcome.logsTruncated,
      error: outcome.ok ? null : toProcessError(outcome.error),
    });
    return {
      status: ended.status,
      response: ended.response,
      logs: ended.logs,
      logsTruncated: ended.logsTruncated,
      error: ended.error,
      finishedAt: ended.finishedAt,
      durationMs: ended.durationMs,
      fetches: processFetches(outcome.fetches, redactor),
      mails: processMails(outcome.mails, redactor),
    };
  }

  async function execute(
    record: ProcessRecord,
    endpoint: Endpoint,
    scenario: ScenarioVersion,
    request: RunRequest,
    known?: SecretsSnapshot,
    deadline?: number,
  ) {
    const snapshot = known ?? (await secrets.get());
    const { redactor } = snapshot;
    const job = buildJob({
      processId: record.id,
      attempt: record.attempt,
      scenario: { id: endpoint.id, version: scenario.version, code: scenario.compiled },
      endpoint,
      request,
      mode: record.mode,
      principal: record.principal,
      secretValues: snapshot.grantedTo(endpoint.secrets),
      deadline,
    });
    // The worker masks raw values in log lines; encoded forms are masked here, before a line
    // reaches a viewer's live feed or the record.
    const ops = deps.hostOps?.(endpoint);
    const raw = await runner.run(job, {
      onLog: (line) =>
        events.log(record.id, toLogLine(redactor.active ? { ...line, text: redactor.text(line.text) } : line)),
      ...(ops ? { ops } : {}),
    });
    // The error message goes to the caller as it is, so it is redacted before the answer is made.
    const outcome = redactOutcome(raw, redactor);
    return { outcome, answer: answerFromOutcome(outcome, record.id), redactor };
  }

  /** When the last write failed because the store was unreachable (disk full, database down). */
  let storeFailedAt = 0;
  const storeFailing = () => Date.now() - storeFailedAt < STORE_FAILURE_MEMORY_MS;
  async function writing<T>(write: Promise<T>): Promise<T> {
    try {
      return await write;
    } catch (err) {
      if (isAppError(err) && err.code === 'store_unavailable') storeFailedAt = Date.now();
      throw err;
    }
  }

  return {
    timeLimit,

    /** The readiness probe found the store unable to take a write: treat it as failing (see runSync). */
    noteStoreUnavailable() {
      storeFailedAt = Date.now();
    },

    /**
     * Runs now and records the process; the caller writes `answer` to the client.
     *
     * A run that finishes within SYNC_RECORD_DELAY_MS is written once, finished (one insert
     * instead of an insert and an update: most runs take a millisecond or two). A longer run
     * is written as `running` at that point, so it is visible, and recoverable after a crash,
     * while it goes on. Either way the record is stored before the client gets its answer, and
     * `process.created` goes out once the record can be read.
     */
    async runSync(endpoint: Endpoint, scenario: ScenarioVersion, request: RunRequest, meta: RunMeta) {
      const processId = meta.processId ?? newId();
      const snapshot = await secrets.get();
      const record = newRecord(processId, endpoint, scenario.version, request, 'sync', meta, snapshot.redactor);
      let inserted: Promise<void> | null = null;
      const insertRunning = () =>
        (inserted ??= writing(
          store.createProcess(storedProcess(record, { statusTokenHash: null, input: null, owner: deps.owner })),
        ));
      // While the store has been failing, the run is recorded before it starts: a 503 then means
      // the scenario did not run (rather than ran and could not be recorded).
      if (storeFailing()) {
        await insertRunning();
        events.created(record);
      }
      const early = setTimeout(() => {
        if (inserted) return;
        void insertRunning().catch(() => {});
        events.created(record);
      }, SYNC_RECORD_DELAY_MS);
      let run: Awaited<ReturnType<typeof execute>>;
      try {
        run = await execute(record, endpoint, scenario, request, snapshot, meta.deadline);
      } finally {
        clearTimeout(early);
      }
      const { outcome, answer } = run;
      const finish = finishFields(record, outcome, answer, run.redactor);
      const updated = finishedRecord(record, finish);
      // Recording must not depend on the client still being connected.
      if (inserted) {
        await inserted;
        await writing(store.patchProcess(processId, finish));
        events.updated(updated);
      } else {
        // One event for a fast run, sent once the record can be read.
        await writing(store.createProcess(storedProcess(updated, { statusTokenHash: null, input: null, owner: null })));
        events.created(updated);
      }
      deps.onFinished?.(updated, outcome, endpoint);
      return { processId, outcome, answer };
    },

    /** Queues durably and returns at once; the dispatcher runs it. */
    async enqueue(endpoint: Endpoint, request: RunRequest, meta: RunMeta) {
      const processId = meta.processId ?? newId();
      const statusToken = randomToken(24);
      const { redactor } = await secrets.get();
      const record = newRecord(processId, endpoint, endpoint.scenarioVersion, request, 'async', meta, redactor);
      const input: StoredInput = { request, principal: meta.principal };
      const stored = storedProcess(record, {
        statusTokenHash: hashToken(statusToken),
        input: input as unknown as Record<string, unknown>,
        owner: null,
      });
      await writing(store.createProcess(stored));
      events.created(record);
      return { processId, statusToken, record };
    },

    /** Runs a claimed async process to its end (used by the dispatcher). */
    async runClaimed(record: ProcessRecord, input: StoredInput) {
      // Written only while this instance still holds the lease: no overwriting a takeover.
      const fenced = { leaseOwner: deps.owner };
      const endpoint = await store.getEndpoint(record.endpointId);
      const scenario = endpoint ? await store.getScenarioVersion(endpoint.id, record.scenarioVersion) : null;
      if (!endpoint || !scenario) {
        const failed = await store.transitionProcess(
          record.id,
          ['running'],
          failedBeforeRunPatch({
            code: 'endpoint_not_found',
            name: 'Error',
            message: 'The endpoint or its scenario version was deleted',
          }),
        );
        if (failed) events.updated(failed);
        return;
      }
      const { outcome, answer, redactor } = await execute(record, endpoint, scenario, input.request);
      if (
        !outcome.ok &&
        outcome.error.code === 'runner_crashed' &&
        mayRetry(record.attempt, config.ASYNC_MAX_ATTEMPTS)
      ) {
        const requeued = await store.transitionProcess(
          record.id,
          ['running'],
          crashRequeuePatch(record, outcome.logs.map(toLogLine)),
          fenced,
        );
        if (requeued) events.updated(requeued);
        return 'requeued' as const;
      }
      // The callback becomes due in the same write as the end of the run: a finished run
      // never loses its pending delivery to a crash in between.
      const finished = await store.transitionProcess(
        record.id,
        ['running'],
        {
          ...finishFields(record, outcome, answer, redactor),
          input: null,
          callback: pendingCallback(endpoint.callbackUrl),
        },
        fenced,
      );
      if (!finished)
        deps.log.warn(
          { processId: record.id },
          'run finished after its lease moved to another instance; result dropped',
        );
      if (finished) {
        events.updated(finished);
        deps.onFinished?.(finished, outcome, endpoint);
      }
      return 'finished' as const;
    },

    /**
     * Test-run of a draft: nothing is recorded. The draft sees the endpoint's granted secrets
     * only when `revealSecrets` (an admin runs it); anyone else gets `[secret:NAME]` placeholders,
     * since a draft is code nobody has published. What comes back is redacted either way.
     */
    async runDraft(endpoint: Endpoint, compiled: string, request: RunRequest, options: { revealSecrets: boolean }) {
      const runId = `draft-${newId()}`;
      const draftKey = createHash('sha256').update(compiled).digest('hex').slice(0, 16);
      const { redactor, grantedTo } = await secrets.get();
      const secretValues = options.revealSecrets ? grantedTo(endpoint.secrets) : secretPlaceholders(endpoint.secrets);
      const job = buildJob({
        processId: runId,
        attempt: 1,
        scenario: { id: `draft:${endpoint.id}:${draftKey}`, version: 0, code: compiled },
        endpoint,
        request,
        mode: 'sync',
        principal: { type: 'admin', id: null },
        secretValues,
      });
      const ops = deps.hostOps?.(endpoint);
      const outcome = redactOutcome(await runner.run(job, ops ? { ops } : {}), redactor);
      return {
        outcome,
        response: recordResponse(answerFromOutcome(outcome, runId), config.RESULT_LIMIT, redactor),
        fetches: processFetches(outcome.fetches, redactor),
        mails: processMails(outcome.mails, redactor),
      };
    },
  };
}
