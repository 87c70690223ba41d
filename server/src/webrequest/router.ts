import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { Config } from '../config.js';
import { SLUG_PATTERN, type Endpoint } from '../contract/index.js';
import type { EndpointCache } from '../endpoints/cache.js';
import { AppError } from '../http/errors.js';
import type { Queue } from '../processes/queue.js';
import { hashToken, type ProcessService } from '../processes/service.js';
import type { Store } from '../store/types.js';
import { readBody } from './body.js';
import { captureRequest, requestOrigin } from './capture.js';
import { answerPreflight, applyCorsHeaders } from './cors.js';
import type { HttpAnswer } from './respond.js';

export interface WebrequestDeps {
  config: Config;
  store: Store;
  endpoints: EndpointCache;
  processes: ProcessService;
  queue: Queue;
}

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

function writeAnswer(req: Request, res: Response, endpoint: Endpoint, answer: HttpAnswer, processId: string): void {
  res.status(answer.status);
  for (const [name, value] of answer.headers) {
    if (name.toLowerCase() === 'set-cookie') res.append('Set-Cookie', value);
    else res.setHeader(name, value);
  }
  res.setHeader('X-Process-Id', processId);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (endpoint.cspSandbox) res.setHeader('Content-Security-Policy', 'sandbox');
  if (req.method === 'HEAD' || answer.status === 204 || answer.status === 304) {
    res.end();
    return;
  }
  res.end(answer.body);
}

export function statusUrlFor(req: Request, config: Config, processId: string, token: string): string {
  return `${requestOrigin(req, config.PUBLIC_URL)}/api/status/${processId}?token=${token}`;
}

export function createWebrequestRouter(deps: WebrequestDeps): Router {
  const { config, endpoints, processes, queue } = deps;
  const router = Router();

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

    const parsed = await readBody(req, {
      bodyBytes: endpoint.bodyLimitBytes ?? config.BODY_LIMIT,
      multipartBytes: Math.max(endpoint.bodyLimitBytes ?? 0, config.MULTIPART_LIMIT),
    });
    const request = captureRequest(req, parsed, subpathOf(req.params.rest), config.PUBLIC_URL);
    const meta = { principal: { type: 'anonymous' as const, id: null } };

    if (wantsAsync(req, endpoint)) {
      const { processId, statusToken } = await processes.enqueue(endpoint, request, meta);
      const statusUrl = statusUrlFor(req, config, processId, statusToken);
      const custom = endpoint.asyncResponse;
      res.status(custom?.status ?? 202);
      if (custom) res.set(custom.headers);
      res.setHeader('X-Process-Id', processId);
      res.setHeader('Location', statusUrl);
      res.json(custom?.body ?? { processId, status: 'queued', statusUrl });
      queue.poke();
      return;
    }

    const { processId, answer } = await processes.runSync(endpoint, scenario, request, meta);
    if (res.destroyed) return;
    writeAnswer(req, res, endpoint, answer, processId);
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
    res.json({
      processId: process.id,
      status: process.status,
      queuedAt: process.queuedAt,
      startedAt: process.startedAt,
      finishedAt: process.finishedAt,
      durationMs: process.durationMs,
      result: process.response,
      error: process.error ? { code: process.error.code, message: process.error.message } : null,
    });
  });

  return router;
}
