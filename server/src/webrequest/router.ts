import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../core/config.js';
import { SLUG_PATTERN, type Principal } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';
import type { EndpointCache } from '../endpoints/cache.js';
import { AppError } from '../core/app-error.js';
import type { AccessGate } from '../access/gate.js';
import type { Metrics } from '../http/metrics.js';
import { hashToken, type ProcessService } from '../processes/service.js';
import { statusView } from '../processes/status-view.js';
import type { Admission } from './admission.js';
import { readBody } from '../exchange/body.js';
import { captureRequest, requestOrigin } from '../exchange/capture.js';
import { answerPreflight, applyCorsHeaders, originNotAllowed, originRefused, ownOrigins } from './cors.js';
import type { QueueBound } from './queue-bound.js';
import { applyBaseHeaders } from '../exchange/response-policy.js';
import { immediateAnswer, writeAnswerOf } from './answer-writer.js';
import { answerOf, fingerprintOf, idempotencyKeyOf, type Idempotency } from './idempotency.js';
import { requestInvalid, requestParts, type RequestChecks } from '../endpoints/request-validation.js';
import { newId } from '../store/ids.js';
import type { RefusalLog } from '../refusals/refusal-log.js';
import { createRefusalNotes } from './refusal-notes.js';

export interface WebrequestDeps {
  config: Config;
  store: Store;
  endpoints: EndpointCache;
  processes: ProcessService;
  admission: Admission;
  queueBound: QueueBound;
  metrics: Pick<Metrics, 'rejected'>;
  access: AccessGate;
  idempotency: Idempotency;
  requestChecks: RequestChecks;
  /** The last refused calls per endpoint, shown to admins (refusals/). */
  refusals: RefusalLog;
}

const ANONYMOUS: Principal = { type: 'anonymous', id: null };

function wantsAsync(req: Request, endpoint: Endpoint): boolean {
  if (endpoint.alwaysAsync) return true;
  const flag = req.query.async;
  if (flag === 'true' || flag === '1') return true;
  return /(^|[\s,])respond-async([\s,;]|$)/i.test(req.get('prefer') ?? '');
}

function subpathOf(rest: unknown): string {
  if (!Array.isArray(rest) || rest.length === 0) return '';
  return '/' + rest.map(String).join('/');
}

/** Aborts when the client goes away before its answer was written. */
function clientGone(res: Response): AbortSignal {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableEnded) controller.abort();
  });
  return controller.signal;
}

export function statusUrlFor(req: Request, config: Config, processId: string, token: string): string {
  return `${requestOrigin(req, config.PUBLIC_URL)}/api/status/${processId}?token=${token}`;
}

/** The public route: the Router (every path it serves) and its handler, for the front door (app.ts). */
export interface WebrequestRoute {
  router: Router;
  /**
   * Answers `/api/webrequest/<slug><subpath>` once `req.params` holds `slug` and `rest` (the
   * subpath's segments, decoded; absent when there is none) and the base headers are set. Rejects with what the error
   * handler turns into the answer.
   */
  handle(req: Request, res: Response): Promise<void>;
}

export function createWebrequestRouter(deps: WebrequestDeps): WebrequestRoute {
  const { config, endpoints, processes } = deps;
  const router = Router();
  // Every refusal before a process exists is counted in /metrics and kept for the endpoint's admins.
  const { refused, guard } = createRefusalNotes(deps);

  // Every answer of the public route — errors and preflights included — starts sandboxed.
  router.use(['/api/webrequest', '/api/status'], (_req, res, next) => {
    applyBaseHeaders(res);
    next();
  });

  const handle = async (req: Request, res: Response): Promise<void> => {
    const arrivedAt = Date.now();
    // `/api/webrequest/:slug{/*rest}`: `rest` holds the subpath's segments, decoded.
    const slug = String(req.params.slug ?? '');
    const live = SLUG_PATTERN.test(slug) ? await endpoints.getBySlug(slug) : null;
    if (!live || !live.endpoint.enabled) {
      const notFound = new AppError('endpoint_not_found', `No enabled endpoint with the slug "${slug}"`);
      // A call of a disabled endpoint is shown to its admins: "why does my form get 404?".
      throw live ? refused(live.endpoint, req, notFound) : notFound;
    }
    const { endpoint, scenario } = live;

    // A browser on an unlisted origin would hide the answer anyway: refuse before anything runs,
    // so the caller sees why and no "Succeeded" run is recorded. Preflights too, without CORS headers.
    const origin = req.get('origin');
    if (originRefused(endpoint.cors, origin, ownOrigins(req, config.PUBLIC_URL))) {
      res.vary('Origin');
      throw refused(endpoint, req, originNotAllowed(origin ?? ''));
    }
    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, endpoint.cors, endpoint.methods);
      return;
    }
    applyCorsHeaders(req, res, endpoint.cors);
    if (!(endpoint.methods as string[]).includes(req.method)) {
      throw refused(
        endpoint,
        req,
        new AppError('method_not_allowed', `${req.method} is not allowed on this endpoint`, {
          headers: { Allow: ['OPTIONS', ...endpoint.methods].join(', ') },
        }),
      );
    }

    // Who may call is decided before the body is read; an HMAC endpoint's signature is checked
    // on the raw bytes, before they are parsed.
    const ip = req.ip ?? req.socket.remoteAddress ?? '';
    const idempotencyKey = await guard(endpoint, req, () => idempotencyKeyOf(req.get('idempotency-key')));
    const admitted = await guard(endpoint, req, () => deps.access.admit(endpoint, { ip, headers: req.headers }));
    const parsed = await guard(endpoint, req, () =>
      readBody(
        req,
        {
          bodyBytes: endpoint.bodyLimitBytes ?? config.BODY_LIMIT,
          multipartBytes: Math.max(endpoint.bodyLimitBytes ?? 0, config.MULTIPART_LIMIT),
        },
        admitted.checkRaw ? { checkRaw: admitted.checkRaw } : {},
      ),
    );
    const request = captureRequest(req, parsed, subpathOf(req.params.rest), config.PUBLIC_URL);

    // A request the endpoint's schema refuses runs nothing and claims no idempotency key.
    const check = deps.requestChecks.of(endpoint);
    if (check) {
      const errors = check(requestParts(request, parsed.size > 0));
      if (errors.length > 0) {
        throw refused(endpoint, req, requestInvalid(errors));
      }
    }

    // A repeated Idempotency-Key runs nothing: it gets the first answer again (or waits for it).
    const processId = newId();
    if (idempotencyKey) {
      const claim = await guard(endpoint, req, () =>
        deps.idempotency.claim(endpoint.id, idempotencyKey, fingerprintOf(request), processId),
      );
      if (claim.kind === 'replay') {
        res.setHeader('Idempotent-Replayed', 'true');
        writeAnswerOf(req, res, endpoint, answerOf(claim.answer), claim.processId);
        return;
      }
    }
    const meta = { principal: admitted.principal ?? ANONYMOUS, processId, idempotencyKey };

    if (wantsAsync(req, endpoint)) {
      await guard(endpoint, req, () => deps.queueBound.check(endpoint.id));
      const { statusToken } = await processes.enqueue(endpoint, request, meta);
      const answer = immediateAnswer(endpoint, processId, statusUrlFor(req, config, processId, statusToken));
      if (idempotencyKey) await deps.idempotency.remember(endpoint.id, idempotencyKey, answer);
      writeAnswerOf(req, res, endpoint, answer, processId);
      return;
    }

    const ticket = await guard(endpoint, req, () => deps.admission.acquire(endpoint.id, () => clientGone(res)));
    let run: Awaited<ReturnType<ProcessService['runSync']>>;
    try {
      // The time limit counts from the request's arrival: waiting for a lane or a worker uses it up.
      run = await processes.runSync(endpoint, scenario, request, {
        principal: meta.principal,
        processId,
        idempotencyKey,
        deadline: arrivedAt + processes.timeLimit(endpoint),
      });
    } finally {
      ticket.release();
    }
    if (idempotencyKey) await deps.idempotency.remember(endpoint.id, idempotencyKey, run.answer);
    if (res.destroyed) return;
    writeAnswerOf(req, res, endpoint, run.answer, run.processId);
  };
  router.all('/api/webrequest/:slug{/*rest}', handle);

  /** Capability URL for an async run: the token is the only credential. */
  router.get('/api/status/:processId', async (req, res) => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const found = token ? await deps.store.getProcessWithToken(req.params.processId) : null;
    const expected = found?.statusTokenHash ? Buffer.from(found.statusTokenHash, 'hex') : null;
    const given = Buffer.from(hashToken(token), 'hex');
    if (!found || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('not_found', 'No such process, or the token is wrong');
    }
    const { process } = found;
    res.setHeader('Cache-Control', 'no-store');
    res.json(statusView(process));
  });

  return { router, handle };
}
