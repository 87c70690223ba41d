import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../core/config.js';
import { SLUG_PATTERN, type Principal } from '../contract/index.js';
import type { Endpoint, Store } from '../store/types.js';
import type { EndpointCache } from '../endpoints/cache.js';
import { AppError, isAppError } from '../core/app-error.js';
import type { AccessGate } from '../access/gate.js';
import type { Metrics } from '../http/metrics.js';
import { hashToken, type ProcessService } from '../processes/service.js';
import { statusView } from '../processes/status-view.js';
import type { Admission } from './admission.js';
import { readBody } from '../exchange/body.js';
import { captureRequest, requestOrigin } from '../exchange/capture.js';
import { answerPreflight, applyCorsHeaders } from './cors.js';
import type { QueueBound } from './queue-bound.js';
import type { HttpAnswer } from '../exchange/respond.js';
import { applyBaseHeaders, CSP_SANDBOX, immediateHeaders } from '../exchange/response-policy.js';

export interface WebrequestDeps {
  config: Config;
  store: Store;
  endpoints: EndpointCache;
  processes: ProcessService;
  admission: Admission;
  queueBound: QueueBound;
  metrics: Pick<Metrics, 'rejected'>;
  access: AccessGate;
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

/** A scenario's answer, through the response policy (its headers were filtered when the answer was made). */
function writeAnswer(req: Request, res: Response, endpoint: Endpoint, answer: HttpAnswer, processId: string): void {
  res.status(answer.status);
  const ownPolicies: string[] = [];
  for (const [name, value] of answer.headers) {
    const lower = name.toLowerCase();
    if (lower === 'set-cookie') res.append('Set-Cookie', value);
    else if (lower === 'content-security-policy') ownPolicies.push(value);
    else res.setHeader(name, value);
  }
  res.setHeader('X-Process-Id', processId);
  // A scenario's own policies apply on top of the sandbox (browsers enforce every policy
  // sent); only an admin can take the sandbox away, for this endpoint's scenario answers.
  const policies = endpoint.cspSandbox ? [CSP_SANDBOX, ...ownPolicies] : ownPolicies;
  if (policies.length > 0) res.setHeader('Content-Security-Policy', policies);
  else res.removeHeader('Content-Security-Policy');
  if (req.method === 'HEAD' || answer.status === 204 || answer.status === 304) {
    res.end();
    return;
  }
  // A string body would be written together with the headers in its own encoding (UTF-8),
  // turning a Latin-1 header value such as `café` into mojibake: send bytes instead.
  res.end(typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body);
}

/** The immediate answer of an async call: always JSON, configured headers through the allow-list. */
function writeImmediate(res: Response, endpoint: Endpoint, processId: string, statusUrl: string): void {
  const custom = endpoint.asyncResponse;
  res.status(custom?.status ?? 202);
  if (custom) for (const [name, value] of immediateHeaders(custom.headers)) res.setHeader(name, value);
  res.setHeader('X-Process-Id', processId);
  res.setHeader('Location', statusUrl);
  res.json(custom?.body ?? { processId, status: 'queued', statusUrl });
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

export function createWebrequestRouter(deps: WebrequestDeps): Router {
  const { config, endpoints, processes } = deps;
  const router = Router();

  /** Counts a refusal that happens before any process exists, then lets it answer. */
  async function refusedAs<T>(slug: string, step: Promise<T>): Promise<T> {
    try {
      return await step;
    } catch (err) {
      if (isAppError(err)) deps.metrics.rejected(slug, err.code);
      throw err;
    }
  }

  // Every answer of the public route — errors and preflights included — starts sandboxed.
  router.use(['/api/webrequest', '/api/status'], (_req, res, next) => {
    applyBaseHeaders(res);
    next();
  });

  router.all('/api/webrequest/:slug{/*rest}', async (req, res) => {
    const slug = req.params.slug ?? '';
    const live = SLUG_PATTERN.test(slug) ? await endpoints.getBySlug(slug) : null;
    if (!live || !live.endpoint.enabled) {
      throw new AppError('endpoint_not_found', `No enabled endpoint with the slug "${slug}"`);
    }
    const { endpoint, scenario } = live;

    if (req.method === 'OPTIONS') {
      answerPreflight(req, res, endpoint.cors, endpoint.methods);
      return;
    }
    applyCorsHeaders(req, res, endpoint.cors);
    if (!(endpoint.methods as string[]).includes(req.method)) {
      throw new AppError('method_not_allowed', `${req.method} is not allowed on this endpoint`, {
        headers: { Allow: ['OPTIONS', ...endpoint.methods].join(', ') },
      });
    }

    // Who may call is decided before the body is read; an HMAC endpoint's signature is checked
    // on the raw bytes, before they are parsed.
    const ip = req.ip ?? req.socket.remoteAddress ?? '';
    const admitted = await refusedAs(slug, deps.access.admit(endpoint, { ip, headers: req.headers }));
    const parsed = await refusedAs(
      slug,
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
    const meta = { principal: admitted.principal ?? ANONYMOUS };

    if (wantsAsync(req, endpoint)) {
      await refusedAs(slug, deps.queueBound.check(endpoint.id));
      const { processId, statusToken } = await processes.enqueue(endpoint, request, meta);
      writeImmediate(res, endpoint, processId, statusUrlFor(req, config, processId, statusToken));
      return;
    }

    const ticket = await refusedAs(
      slug,
      deps.admission.acquire(endpoint.id, () => clientGone(res)),
    );
    let run: Awaited<ReturnType<ProcessService['runSync']>>;
    try {
      run = await processes.runSync(endpoint, scenario, request, meta);
    } finally {
      ticket.release();
    }
    if (res.destroyed) return;
    writeAnswer(req, res, endpoint, run.answer, run.processId);
  });

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

  return router;
}
