import { Router } from 'express';
import { callerOf, requireRole } from '../admin/auth.js';
import type { Audit } from '../audit/audit.js';
import { AppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import type { Endpoint, Store } from '../store/types.js';
import { assertMayPublishScenario } from './admin-only.js';
import { createAuthorLookup } from './authors.js';
import type { EndpointCache } from './cache.js';
import { compileOrThrow } from './compile.js';
import { scenarioSchema } from './schema.js';
import { noteSchema, sameScenario, versionInfo } from './version-view.js';

export interface ScenarioRoutesDeps {
  store: Store;
  cache: EndpointCache;
  audit: Audit;
  getOr404(id: string): Promise<Endpoint>;
}

/** `PUT …/scenario` publishes at once (API clients and scripts); the admin UI saves a draft first. */
const putScenarioSchema = scenarioSchema.extend({ note: noteSchema.optional() }).strict();

/** Versions: publish directly, list, restore. */
export function createScenarioRoutes(deps: ScenarioRoutesDeps): Router {
  const { store, cache, audit, getOr404 } = deps;
  const editors = requireRole('admin', 'editor');
  const router = Router();

  router.put('/endpoints/:id/scenario', editors, async (req, res) => {
    const { code, language, note } = parseWith(putScenarioSchema, req.body);
    const { user } = callerOf(res);
    assertMayPublishScenario(user.role, await getOr404(String(req.params.id)));
    const version = await store.addScenarioVersion(String(req.params.id), {
      ...compileOrThrow(code, language, user.id),
      note: note ?? null,
    });
    cache.invalidate();
    await audit.record(
      req,
      res,
      'scenario.save',
      { type: 'scenario', id: version.endpointId },
      { version: version.version, language, ...(note ? { note } : {}) },
    );
    res.json(await versionInfo(version, createAuthorLookup(store)));
  });

  router.get('/endpoints/:id/scenario/versions', async (req, res) => {
    await getOr404(String(req.params.id));
    const versions = await store.listScenarioVersions(String(req.params.id));
    const authorOf = createAuthorLookup(store);
    res.json({ items: await Promise.all(versions.map((version) => versionInfo(version, authorOf))) });
  });

  /**
   * Restoring appends a copy of an old version, except when its code is the live code already:
   * then it answers the live version and appends nothing (no duplicate versions).
   */
  router.post('/endpoints/:id/scenario/versions/:version/restore', editors, async (req, res) => {
    const number = Number(String(req.params.version));
    const { user } = callerOf(res);
    const endpoint = await getOr404(String(req.params.id));
    assertMayPublishScenario(user.role, endpoint);
    const old = Number.isInteger(number) ? await store.getScenarioVersion(endpoint.id, number) : null;
    if (!old) throw new AppError('not_found', 'No such scenario version');
    const authorOf = createAuthorLookup(store);
    const live = await store.getScenarioVersion(endpoint.id, endpoint.scenarioVersion);
    if (live && sameScenario(live, old)) {
      res.json(await versionInfo(live, authorOf));
      return;
    }
    const version = await store.addScenarioVersion(endpoint.id, {
      code: old.code,
      language: old.language,
      compiled: old.compiled,
      createdBy: user.id,
      restoredFrom: old.version,
    });
    cache.invalidate();
    await audit.record(
      req,
      res,
      'scenario.restore',
      { type: 'scenario', id: version.endpointId },
      { version: version.version, restoredFrom: old.version },
    );
    res.json(await versionInfo(version, authorOf));
  });

  return router;
}
