import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import type { RunnerPool } from '@scriptgate/runner';
import type { Auth } from './admin/auth.js';
import { createApiKeyRoutes } from './access/api-key-routes.js';
import { createApiKeyHasher } from './access/api-keys.js';
import { createBasicVerifier } from './access/basic.js';
import { createAccessGate } from './access/gate.js';
import { createJwtVerifiers } from './access/jwt.js';
import { createRateLimiter } from './access/rate-limit.js';
import { createAuditRoutes } from './admin/audit-routes.js';
import { createAdminOpenApiRoutes, createDocsPageRouter, createOpenApiRouter } from './apidocs/routes.js';
import { createSessionRoutes } from './admin/session-routes.js';
import { createAudit } from './audit/audit.js';
import { accessSecretPurpose } from './store/sealed-access.js';
import { createTokenRoutes } from './admin/tokens-routes.js';
import { createUserRoutes } from './admin/users-routes.js';
import { createPasswordRoutes } from './admin/password-routes.js';
import type { Config } from './core/config.js';
import type { EndpointCache } from './endpoints/cache.js';
import { createEndpointRoutes } from './endpoints/routes.js';
import { createRequestChecks } from './endpoints/request-validation.js';
import { errorHandler, notFound } from './http/error-handler.js';
import { AppError } from './core/app-error.js';
import type { Metrics } from './http/metrics.js';
import { hostGuard } from './http/host-policy.js';
import { requireMetricsToken } from './http/metrics-auth.js';
import { createStaticRouter } from './http/static.js';
import type { Logger } from './core/log.js';
import type { ProcessEvents } from './processes/events.js';
import type { Queue } from './processes/queue.js';
import { createProcessRoutes } from './processes/routes.js';
import type { SecretsCache } from './secrets/cache.js';
import { createSecretRoutes } from './secrets/routes.js';
import type { ProcessService } from './processes/service.js';
import type { Store } from './store/types.js';
import { createAdmission } from './webrequest/admission.js';
import { assertJsonDepth } from './exchange/body.js';
import { createIdempotency } from './webrequest/idempotency.js';
import { createQueueBound } from './webrequest/queue-bound.js';
import { createWebrequestRouter } from './webrequest/router.js';
import { frontDoor, type FrontDoor } from './webrequest/front-door.js';
import { createRefusalLog } from './refusals/refusal-log.js';
import { createRefusalRoutes } from './refusals/routes.js';

export interface AppDeps {
  config: Config;
  log: Logger;
  store: Store;
  runner: RunnerPool;
  auth: Auth;
  endpoints: EndpointCache;
  processes: ProcessService;
  queue: Queue;
  events: ProcessEvents;
  secrets: SecretsCache;
  metrics: Metrics;
  /** Built admin UI (admin-ui/dist). */
  uiDistDir: string;
  /** False while shutting down: /readyz answers 503. */
  isAccepting: () => boolean;
}

/**
 * Assembles the Express app from the feature routers, behind the front door that takes the
 * public route's calls straight to their handler (webrequest/front-door.ts). Never listens.
 */
export function createApp(deps: AppDeps): FrontDoor {
  const { config, log } = deps;
  const audit = createAudit({ store: deps.store, log });
  // Keyed with the same pepper as session ids: one SESSION_SECRET on every instance.
  const apiKeys = createApiKeyHasher(config.SESSION_SECRET ?? 'scriptgate-session-id');
  const access = createAccessGate({
    store: deps.store,
    apiKeys,
    basic: createBasicVerifier(),
    jwt: createJwtVerifiers(),
    rateLimiter: createRateLimiter(deps.store),
    openSecret: (endpointId, sealed) => deps.secrets.open(accessSecretPurpose(endpointId), sealed),
  });
  // Compiled request schemas, shared by the public route and test runs of saved schemas.
  const requestChecks = createRequestChecks();
  // Calls refused before a run, per endpoint, in this instance's memory (shown on the endpoint's page).
  const refusals = createRefusalLog();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  app.set('etag', false);
  const guardHost = hostGuard(config);
  // Stopping: keep-alive connections still bring requests; none of them starts anything new.
  const refuseWhileStopping: RequestHandler = (req, res, next) => {
    if (deps.isAccepting() || req.path === '/healthz') return next();
    res.setHeader('Connection', 'close');
    next(new AppError('shutting_down', 'This server is stopping; retry shortly', { headers: { 'Retry-After': '5' } }));
  };
  app.use(guardHost);
  app.use(refuseWhileStopping);

  // Operations
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Ready means able to record a run: the store takes a write, and the runner has a worker.
  app.get('/readyz', async (_req, res) => {
    if (!deps.isAccepting()) throw new AppError('shutting_down', 'Shutting down', { headers: { 'Retry-After': '5' } });
    let queueDepth: number;
    try {
      await deps.store.checkWritable();
      queueDepth = await deps.store.countQueued();
    } catch (err) {
      // Why goes to the operator's log (a full disk, a lost database), not to anonymous callers.
      log.warn({ err }, 'readiness: the store cannot take a write');
      deps.processes.noteStoreUnavailable();
      throw new AppError('store_unavailable', 'The store cannot record runs right now');
    }
    const runner = deps.runner.stats();
    if (runner.alive === 0) throw new AppError('runner_unavailable', 'No runner worker is alive');
    res.json({
      status: 'ready',
      store: deps.store.kind,
      runner,
      queue: { depth: queueDepth, running: deps.queue.active },
    });
  });
  app.get('/metrics', requireMetricsToken(config.METRICS_TOKEN), async (_req, res) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.end(await deps.metrics.registry.metrics());
  });

  // The OpenAPI document of documented endpoints, before the public route (no slug has a dot).
  app.use(createOpenApiRouter(deps));
  // The public endpoint: scenario responses get their own headers, not the admin's CSP.
  const publicRoute = createWebrequestRouter({
    ...deps,
    requestChecks,
    refusals,
    admission: createAdmission({
      maxInFlight: config.ENDPOINT_MAX_INFLIGHT,
      maxWaiting: config.ENDPOINT_MAX_WAITING,
    }),
    queueBound: createQueueBound({ store: deps.store, max: config.ENDPOINT_MAX_QUEUED }),
    access,
    idempotency: createIdempotency({
      store: deps.store,
      abandonedAfterMs: config.SYNC_TIMEOUT_MS + config.SHUTDOWN_GRACE_MS + 60_000,
    }),
  });
  app.use(publicRoute.router);

  // The admin API and UI.
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'", 'data:'],
          'worker-src': ["'self'", 'blob:'],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'upgrade-insecure-requests': null,
        },
      },
      strictTransportSecurity: false,
    }),
  );
  app.use(createDocsPageRouter(deps));
  const admin = express.Router();
  admin.use(express.json({ limit: '2mb', verify: (_req, _res, raw) => assertJsonDepth(raw) }));
  admin.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  admin.use(createSessionRoutes(deps.auth));
  admin.use(deps.auth.requireUser);
  admin.use(createEndpointRoutes({ ...deps, cache: deps.endpoints, audit, requestChecks }));
  admin.use(createAdminOpenApiRoutes(deps));
  admin.use(createProcessRoutes(deps));
  admin.use(createUserRoutes({ ...deps, audit }));
  admin.use(createPasswordRoutes({ auth: deps.auth, audit }));
  admin.use(createSecretRoutes({ ...deps, audit }));
  admin.use(createTokenRoutes({ ...deps, audit }));
  admin.use(createApiKeyRoutes({ store: deps.store, apiKeys, audit }));
  admin.use(createAuditRoutes(deps));
  admin.use(createRefusalRoutes({ store: deps.store, refusals }));
  app.use('/api/admin', admin);

  app.use(createStaticRouter(deps.uiDistDir));
  app.use(notFound);
  const onError = errorHandler(log);
  app.use(onError);
  return frontDoor(app, { before: [guardHost, refuseWhileStopping], handle: publicRoute.handle, onError });
}
