import { Router } from 'express';
import { z } from 'zod';
import type { RunnerPool } from '@scriptgate/runner';
import { PROCESS_STATUSES, type ProcessRecord } from '../contract/index.js';
import { requireRole } from '../admin/auth.js';
import { parseWith } from '../http/validation.js';
import { AppError } from '../core/app-error.js';
import type { Store } from '../store/types.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';
import { cancelledPatch, pendingCallback, requestFromRecord } from '../lifecycle/process-lifecycle.js';
import type { ProcessEvents } from './events.js';
import type { Queue } from './queue.js';
import { streamProcessExport } from './export.js';
import { summarize } from './record.js';
import type { ProcessService, StoredInput } from './service.js';

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'an ISO date');

/** The list's filters, shared by the list and its export. */
const filterFields = {
  endpointId: z.string().max(64).optional(),
  status: z
    .string()
    .transform((value) => value.split(',').filter(Boolean))
    .pipe(z.array(z.enum(PROCESS_STATUSES)))
    .optional(),
  mode: z.enum(['sync', 'async']).optional(),
  from: isoDate.transform((value) => new Date(value).toISOString()).optional(),
  to: isoDate.transform((value) => new Date(value).toISOString()).optional(),
  q: z.string().trim().max(200).optional(),
  idempotencyKey: z.string().min(1).max(255).optional(),
};

const listQuerySchema = z
  .object({
    ...filterFields,
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const exportQuerySchema = z.object({ ...filterFields, format: z.enum(['csv', 'ndjson']) }).strict();

export function createProcessRoutes(deps: {
  store: Store;
  processes: ProcessService;
  queue: Queue;
  runner: RunnerPool;
  events: ProcessEvents;
  config: Pick<Config, 'EXPORT_MAX_ROWS'>;
  log: Logger;
}): Router {
  const { store } = deps;
  const router = Router();
  const editors = requireRole('admin', 'editor');

  router.get('/processes', async (req, res) => {
    const query = parseWith(listQuerySchema, req.query);
    const page = await store.listProcesses(query);
    res.json({ items: page.items.map(summarize), nextCursor: page.nextCursor });
  });

  // Anyone who may read the list may export it: the rows are the records the process page shows.
  router.get('/processes/export', async (req, res) => {
    const { format, ...filter } = parseWith(exportQuerySchema, req.query);
    try {
      const { rows, truncated } = await streamProcessExport({
        store,
        filter,
        format,
        maxRows: deps.config.EXPORT_MAX_ROWS,
        res,
      });
      deps.log.info({ userId: res.locals.caller?.user?.id ?? null, format, rows, truncated }, 'processes exported');
    } catch (err) {
      // Half an export must not look like a whole one: cut the connection, the download fails.
      if (!res.headersSent) throw err;
      deps.log.error({ err }, 'process export failed mid-stream');
      res.destroy();
    }
  });

  router.get('/processes/:id', async (req, res) => {
    const record = await store.getProcess(String(req.params.id));
    if (!record) throw new AppError('not_found', 'No such process');
    res.json(record);
  });

  router.post('/processes/:id/rerun', editors, async (req, res) => {
    const record = await store.getProcess(String(req.params.id));
    if (!record) throw new AppError('not_found', 'No such process');
    const endpoint = await store.getEndpoint(record.endpointId);
    if (!endpoint) throw new AppError('not_found', 'The endpoint of this process was deleted');
    const stored = (await store.getProcessInput(record.id)) as unknown as StoredInput | null;
    const request = stored?.request ?? requestFromRecord(record);
    // A re-run replays the request as its original caller (ctx.user), so a scenario that
    // depends on who called behaves the same; an anonymous call is re-run as the admin.
    const original = stored?.principal ?? record.principal;
    const replayAs = original && original.type !== 'anonymous' ? original : null;
    const { processId } = await deps.processes.enqueue(endpoint, request, {
      principal: replayAs ?? { type: 'admin', id: res.locals.caller?.user?.id ?? null },
      rerunOf: record.id,
    });
    res.status(202).json({ processId });
  });

  /** The callback a cancelled async run owes, if its endpoint (still) has a callback URL. */
  async function callbackOf(record: ProcessRecord) {
    if (record.mode !== 'async') return null;
    return pendingCallback((await store.getEndpoint(record.endpointId))?.callbackUrl ?? null);
  }

  router.post('/processes/:id/cancel', editors, async (req, res) => {
    const record = await store.getProcess(String(req.params.id));
    if (!record) throw new AppError('not_found', 'No such process');
    const callback = await callbackOf(record);
    const cancelled = await store.transitionProcess(record.id, ['queued'], { ...cancelledPatch('queued'), callback });
    if (cancelled) {
      deps.events.updated(cancelled);
      res.json(cancelled);
      return;
    }
    const current = (await store.getProcess(record.id)) ?? record;
    if (current.status !== 'running' || current.mode !== 'async') {
      throw new AppError('conflict', `A ${current.mode} process that is ${current.status} cannot be cancelled`);
    }
    if (deps.queue.isRunning(current.id)) {
      // The run ends with outcome `cancelled`, which the queue records.
      deps.runner.cancel(current.id);
      res.json({ ...current, status: 'cancelled' });
      return;
    }
    // Running on another instance: record the cancel; that instance's result is then dropped.
    const marked = await store.transitionProcess(current.id, ['running'], { ...cancelledPatch('running'), callback });
    if (!marked) throw new AppError('conflict', 'The process finished before it could be cancelled');
    deps.events.updated(marked);
    res.json(marked);
  });

  /** Deliver again: the callback of a finished async run, to the endpoint's current callback URL. */
  router.post('/processes/:id/callback', editors, async (req, res) => {
    const record = await store.getProcess(String(req.params.id));
    if (!record) throw new AppError('not_found', 'No such process');
    const url = (await store.getEndpoint(record.endpointId))?.callbackUrl ?? record.callback?.url ?? null;
    if (record.mode !== 'async' || !url) throw new AppError('conflict', 'This process has no callback to deliver');
    if (record.finishedAt === null)
      throw new AppError('conflict', 'The run has not finished yet; its callback follows when it does');
    const restarted = await store.restartCallback(record.id, url, new Date().toISOString());
    if (!restarted) throw new AppError('conflict', 'The callback cannot be delivered again now');
    deps.events.updated(restarted);
    res.json(restarted);
  });

  return router;
}
