import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../core/config.js';
import {
  HTTP_METHODS,
  type EndpointDetail,
  type EndpointListItem,
  type ScenarioVersion,
  type ScenarioVersionInfo,
} from '../contract/index.js';
import { callerOf, requireRole } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import { newId } from '../store/ids.js';
import type { Store } from '../store/types.js';
import { assertMayPublishScenario, assertMaySetEndpoint } from './admin-only.js';
import { compileOrThrow } from './compile.js';
import type { EndpointCache } from './cache.js';
import { DEFAULT_CODE, endpointFields, scenarioSchema } from './schema.js';
import { parseWith } from '../http/validation.js';
import { createTestRunHandler, type TestRunDeps } from './test-run.js';

export interface EndpointRoutesDeps extends TestRunDeps {
  store: Store;
  config: Config;
  cache: EndpointCache;
}

export function versionInfo(version: ScenarioVersion): ScenarioVersionInfo {
  const { compiled: _compiled, ...info } = version;
  return info;
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
      asyncResponse: fields.asyncResponse.default(null),
      callbackUrl: fields.callbackUrl.default(null),
      bodyLimitBytes: fields.bodyLimitBytes.default(null),
      cspSandbox: fields.cspSandbox.default(true),
      secrets: fields.secrets.default([]),
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

  async function detail(id: string): Promise<EndpointDetail> {
    const endpoint = await getOr404(id);
    const scenario = await store.getScenarioVersion(id, endpoint.scenarioVersion);
    return { ...endpoint, code: scenario?.code ?? '' };
  }

  router.get('/endpoints', async (_req, res) => {
    const endpoints = await store.listEndpoints();
    const items: EndpointListItem[] = await Promise.all(
      endpoints.map(async (endpoint) => {
        const page = await store.listProcesses({ endpointId: endpoint.id, limit: 1 });
        const last = page.items[0];
        return { ...endpoint, lastRun: last ? { processId: last.id, status: last.status, at: last.queuedAt } : null };
      }),
    );
    res.json({ items });
  });

  router.post('/endpoints', editors, async (req, res) => {
    const input = parseWith(createSchema, req.body);
    const { code, language, ...settings } = input;
    assertMaySetEndpoint(callerOf(res).user.role, settings);
    const scenario = compileOrThrow(code, language, callerOf(res).user.id);
    const endpoint = await store.createEndpoint(
      { ...settings, id: newId(), name: settings.name || settings.slug, language },
      scenario,
    );
    cache.invalidate();
    res.status(201).json({ ...endpoint, code } satisfies EndpointDetail);
  });

  router.get('/endpoints/:id', async (req, res) => {
    res.json(await detail(String(req.params.id)));
  });

  router.patch('/endpoints/:id', editors, async (req, res) => {
    const patch = parseWith(patchSchema, req.body);
    assertMaySetEndpoint(callerOf(res).user.role, patch, await getOr404(String(req.params.id)));
    const updated = await store.updateEndpoint(String(req.params.id), patch);
    if (!updated) throw new AppError('not_found', 'No such endpoint');
    cache.invalidate();
    res.json(updated);
  });

  router.delete('/endpoints/:id', editors, async (req, res) => {
    if (!(await store.deleteEndpoint(String(req.params.id)))) throw new AppError('not_found', 'No such endpoint');
    cache.invalidate();
    res.status(204).end();
  });

  router.put('/endpoints/:id/scenario', editors, async (req, res) => {
    const { code, language } = parseWith(scenarioSchema, req.body);
    assertMayPublishScenario(callerOf(res).user.role, await getOr404(String(req.params.id)));
    const version = await store.addScenarioVersion(
      String(req.params.id),
      compileOrThrow(code, language, callerOf(res).user.id),
    );
    cache.invalidate();
    res.json(versionInfo(version));
  });

  router.get('/endpoints/:id/scenario/versions', async (req, res) => {
    await getOr404(String(req.params.id));
    const versions = await store.listScenarioVersions(String(req.params.id));
    res.json({ items: versions.map(versionInfo) });
  });

  router.post('/endpoints/:id/scenario/versions/:version/restore', editors, async (req, res) => {
    const number = Number(String(req.params.version));
    assertMayPublishScenario(callerOf(res).user.role, await getOr404(String(req.params.id)));
    const old = Number.isInteger(number) ? await store.getScenarioVersion(String(req.params.id), number) : null;
    if (!old) throw new AppError('not_found', 'No such scenario version');
    const version = await store.addScenarioVersion(String(req.params.id), {
      code: old.code,
      language: old.language,
      compiled: old.compiled,
      createdBy: callerOf(res).user.id,
      restoredFrom: old.version,
    });
    cache.invalidate();
    res.json(versionInfo(version));
  });

  router.post('/endpoints/:id/test-run', editors, createTestRunHandler(deps, getOr404));

  return router;
}
