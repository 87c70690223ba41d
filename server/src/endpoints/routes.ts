import { randomBytes } from 'node:crypto';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Config } from '../core/config.js';
import { storedAccessFrom } from '../access/settings.js';
import { hashPassword } from '../admin/passwords.js';
import type { Audit } from '../audit/audit.js';
import type { SecretsCache } from '../secrets/cache.js';
import { HTTP_METHODS, type AccessInput, type EndpointDetail, type EndpointListItem } from '../contract/index.js';
import { callerOf, requireRole } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import { newId } from '../store/ids.js';
import { accessSecretPurpose, callbackSecretPurpose } from '../store/sealed-access.js';
import type { Endpoint, Store, StoredAccess } from '../store/types.js';
import { endpointView } from './view.js';
import { assertMaySetEndpoint } from './admin-only.js';
import { compileOrThrow } from './compile.js';
import type { EndpointCache } from './cache.js';
import { DEFAULT_CODE, endpointFields, scenarioSchema } from './schema.js';
import { createDraftRoutes } from './draft-routes.js';
import { createScenarioRoutes } from './scenario-routes.js';
import { parseWith } from '../http/validation.js';
import { createTestRunHandler, type TestRunDeps } from './test-run.js';

export interface EndpointRoutesDeps extends TestRunDeps {
  store: Store;
  config: Config;
  cache: EndpointCache;
  secrets: Pick<SecretsCache, 'seal' | 'open'>;
  audit: Audit;
}

export function createEndpointRoutes(deps: EndpointRoutesDeps): Router {
  const { store, config, cache } = deps;
  const fields = endpointFields(config.SYNC_TIMEOUT_MS);
  const createSchema = z
    .object({
      ...fields,
      name: fields.name.optional(),
      description: fields.description.default(''),
      enabled: fields.enabled.default(true),
      methods: fields.methods.default([...HTTP_METHODS]),
      alwaysAsync: fields.alwaysAsync.default(false),
      timeoutMs: fields.timeoutMs.default(null),
      cors: fields.cors.default({}),
      access: fields.access.default({ type: 'public' }),
      ipAllowlist: fields.ipAllowlist.default([]),
      rateLimit: fields.rateLimit.default(null),
      asyncResponse: fields.asyncResponse.default(null),
      callbackUrl: fields.callbackUrl.default(null),
      bodyLimitBytes: fields.bodyLimitBytes.default(null),
      cspSandbox: fields.cspSandbox.default(true),
      secrets: fields.secrets.default([]),
      failureAlert: fields.failureAlert.default(null),
      requestSchema: fields.requestSchema.default(null),
      documented: fields.documented.default(false),
      code: scenarioSchema.shape.code.default(DEFAULT_CODE),
      language: scenarioSchema.shape.language,
    })
    .strict();
  const patchSchema = z.object(fields).partial().strict();
  const editors = requireRole('admin', 'editor');
  const router = Router();

  async function getOr404(id: string) {
    const endpoint = await store.getEndpoint(id);
    if (!endpoint) throw new AppError('not_found', 'No such endpoint');
    return endpoint;
  }

  /** The endpoint as this caller may see it. */
  function view(endpoint: Endpoint, res: Response) {
    return endpointView(endpoint, {
      role: callerOf(res).user.role,
      openCallbackSecret: (shown) =>
        shown.sealedCallbackSecret
          ? deps.secrets.open(callbackSecretPurpose(shown.id), shown.sealedCallbackSecret)
          : null,
    });
  }

  async function detail(id: string, res: Response): Promise<EndpointDetail> {
    const endpoint = await getOr404(id);
    const scenario = await store.getScenarioVersion(id, endpoint.scenarioVersion);
    return { ...view(endpoint, res), code: scenario?.code ?? '' };
  }

  /**
   * A callback secret is made the first time something needs to be signed for this endpoint (a
   * callback URL or a failure webhook), and kept — receivers were configured with it.
   */
  function callbackSecretFor(
    endpointId: string,
    current: string | null,
    settings: { callbackUrl?: string | null; failureAlert?: { webhookUrl: string | null } | null },
  ): string | null {
    if (current) return current;
    if (!settings.callbackUrl && !settings.failureAlert?.webhookUrl) return null;
    return deps.secrets.seal(callbackSecretPurpose(endpointId), randomBytes(32).toString('base64url'));
  }

  /** What the store keeps of the access settings given (password hashed, secrets sealed). */
  function storedAccess(endpointId: string, input: AccessInput, current?: StoredAccess): Promise<StoredAccess> {
    return storedAccessFrom(input, current, {
      hashPassword,
      seal: (plaintext) => deps.secrets.seal(accessSecretPurpose(endpointId), plaintext),
    });
  }

  router.get('/endpoints', async (_req, res) => {
    const endpoints = await store.listEndpoints();
    const items: EndpointListItem[] = await Promise.all(
      endpoints.map(async (endpoint) => {
        const page = await store.listProcesses({ endpointId: endpoint.id, limit: 1 });
        const last = page.items[0];
        return {
          ...view(endpoint, res),
          lastRun: last ? { processId: last.id, status: last.status, at: last.queuedAt } : null,
        };
      }),
    );
    res.json({ items });
  });

  router.post('/endpoints', editors, async (req, res) => {
    const input = parseWith(createSchema, req.body);
    const { code, language, access, ...settings } = input;
    assertMaySetEndpoint(callerOf(res).user.role, settings);
    const scenario = compileOrThrow(code, language, callerOf(res).user.id);
    const id = newId();
    const endpoint = await store.createEndpoint(
      {
        ...settings,
        id,
        name: settings.name || settings.slug,
        language,
        access: await storedAccess(id, access),
        sealedCallbackSecret: callbackSecretFor(id, null, settings),
      },
      scenario,
    );
    cache.invalidate();
    await deps.audit.record(
      req,
      res,
      'endpoint.create',
      { type: 'endpoint', id, name: endpoint.slug },
      {
        fields: Object.keys(input).filter((field) => field !== 'code'),
        access: endpoint.access.type,
        documented: endpoint.documented,
      },
    );
    res.status(201).json({ ...view(endpoint, res), code } satisfies EndpointDetail);
  });

  router.get('/endpoints/:id', async (req, res) => {
    res.json(await detail(String(req.params.id), res));
  });

  router.patch('/endpoints/:id', editors, async (req, res) => {
    const { access, ...patch } = parseWith(patchSchema, req.body);
    const current = await getOr404(String(req.params.id));
    assertMaySetEndpoint(callerOf(res).user.role, patch, current);
    const sealedCallbackSecret = callbackSecretFor(current.id, current.sealedCallbackSecret, {
      callbackUrl: patch.callbackUrl === undefined ? current.callbackUrl : patch.callbackUrl,
      failureAlert: patch.failureAlert === undefined ? current.failureAlert : patch.failureAlert,
    });
    const updated = await store.updateEndpoint(current.id, {
      ...patch,
      ...(access ? { access: await storedAccess(current.id, access, current.access) } : {}),
      ...(sealedCallbackSecret !== current.sealedCallbackSecret ? { sealedCallbackSecret } : {}),
    });
    if (!updated) throw new AppError('not_found', 'No such endpoint');
    cache.invalidate();
    await deps.audit.record(
      req,
      res,
      'endpoint.update',
      { type: 'endpoint', id: updated.id, name: updated.slug },
      {
        fields: [...Object.keys(patch), ...(access ? ['access'] : [])],
        ...(access ? { access: access.type } : {}),
        // Listing an endpoint publicly is worth seeing in the log at a glance.
        ...(patch.documented !== undefined ? { documented: patch.documented } : {}),
      },
    );
    res.json(view(updated, res));
  });

  /** A new callback secret: receivers must switch to it (README "Callbacks"). */
  router.post('/endpoints/:id/callback-secret', editors, async (req, res) => {
    const current = await getOr404(String(req.params.id));
    const secret = randomBytes(32).toString('base64url');
    const updated = await store.updateEndpoint(current.id, {
      sealedCallbackSecret: deps.secrets.seal(callbackSecretPurpose(current.id), secret),
    });
    if (!updated) throw new AppError('not_found', 'No such endpoint');
    cache.invalidate();
    await deps.audit.record(req, res, 'endpoint.callbackSecret', {
      type: 'endpoint',
      id: current.id,
      name: current.slug,
    });
    res.json({ callbackSecret: secret });
  });

  router.delete('/endpoints/:id', editors, async (req, res) => {
    const endpoint = await getOr404(String(req.params.id));
    if (!(await store.deleteEndpoint(endpoint.id))) throw new AppError('not_found', 'No such endpoint');
    cache.invalidate();
    await deps.audit.record(req, res, 'endpoint.delete', { type: 'endpoint', id: endpoint.id, name: endpoint.slug });
    res.status(204).end();
  });

  router.use(createScenarioRoutes({ store, cache, audit: deps.audit, getOr404 }));
  router.use(createDraftRoutes({ store, cache, audit: deps.audit, getOr404 }));

  router.post('/endpoints/:id/test-run', editors, createTestRunHandler(deps, getOr404));

  return router;
}
