import { Router } from 'express';
import { z } from 'zod';
import { callerOf, requireRole } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import { parseWith } from '../http/validation.js';
import { assertMayPublishScenario } from './admin-only.js';
import { createAuthorLookup } from './authors.js';
import { compileOrThrow } from './compile.js';
import type { ScenarioRoutesDeps } from './scenario-routes.js';
import { scenarioSchema } from './schema.js';
import { draftInfo, noteSchema, sameScenario, versionInfo } from './version-view.js';

const publishSchema = z
  .object({
    note: noteSchema.optional(),
    enable: z.boolean().optional(),
    liveVersion: z.number().int().positive().optional(),
    draftSavedAt: z.string().max(64).optional(),
  })
  .strict();

/**
 * A save time after `previous`: publishing removes the draft only while it is the save that was
 * published (`deleteScenarioDraft` by `savedAt`), so two saves must never share a time.
 */
function saveTimeAfter(previous: string | undefined): string {
  const now = Date.now();
  const last = previous ? Date.parse(previous) : Number.NaN;
  return new Date(Number.isNaN(last) || last < now ? now : last + 1).toISOString();
}

/**
 * Draft, then publish (README "Draft, then publish"). Saving a draft neither compiles nor
 * publishes — work in progress may not compile yet — and the live version keeps serving;
 * `publish` compiles the draft, appends it as a version with the publisher's note and removes
 * the draft. Viewers read drafts as they read the live code; editors save them, even on an
 * endpoint whose code only an admin may publish.
 */
export function createDraftRoutes(deps: ScenarioRoutesDeps): Router {
  const { store, cache, audit, getOr404 } = deps;
  const editors = requireRole('admin', 'editor');
  const router = Router();

  router.get('/endpoints/:id/draft', async (req, res) => {
    const endpoint = await getOr404(String(req.params.id));
    const draft = await store.getScenarioDraft(endpoint.id);
    if (!draft) throw new AppError('draft_not_found', 'This endpoint has no saved draft');
    res.json(await draftInfo(draft, createAuthorLookup(store)));
  });

  router.put('/endpoints/:id/draft', editors, async (req, res) => {
    const { code, language } = parseWith(scenarioSchema, req.body);
    const endpoint = await getOr404(String(req.params.id));
    const previous = await store.getScenarioDraft(endpoint.id);
    const draft = await store.putScenarioDraft({
      endpointId: endpoint.id,
      code,
      language,
      savedBy: callerOf(res).user.id,
      savedAt: saveTimeAfter(previous?.savedAt),
      // A draft is based on the version live when it was started, however often it is saved.
      basedOnVersion: previous?.basedOnVersion ?? endpoint.scenarioVersion,
    });
    await audit.record(
      req,
      res,
      'scenario.draftSave',
      { type: 'scenario', id: endpoint.id, name: endpoint.slug },
      { language, basedOnVersion: draft.basedOnVersion },
    );
    res.json(await draftInfo(draft, createAuthorLookup(store)));
  });

  router.delete('/endpoints/:id/draft', editors, async (req, res) => {
    const endpoint = await getOr404(String(req.params.id));
    if (await store.deleteScenarioDraft(endpoint.id)) {
      await audit.record(req, res, 'scenario.draftDiscard', { type: 'scenario', id: endpoint.id, name: endpoint.slug });
    }
    res.status(204).end();
  });

  router.post('/endpoints/:id/publish', editors, async (req, res) => {
    const input = parseWith(publishSchema, req.body ?? {});
    const { user } = callerOf(res);
    const endpoint = await getOr404(String(req.params.id));
    assertMayPublishScenario(user.role, endpoint);
    if (input.liveVersion !== undefined && input.liveVersion !== endpoint.scenarioVersion) {
      throw new AppError(
        'conflict',
        `Version ${endpoint.scenarioVersion} was published after you compared with version ${input.liveVersion}: review the changes again`,
      );
    }
    const draft = await store.getScenarioDraft(endpoint.id);
    if (!draft) throw new AppError('nothing_to_publish', 'There is no saved draft to publish: save the draft first');
    if (input.draftSavedAt !== undefined && input.draftSavedAt !== draft.savedAt) {
      throw new AppError('conflict', 'The draft was saved again after you reviewed it: review the changes again');
    }
    const live = await store.getScenarioVersion(endpoint.id, endpoint.scenarioVersion);
    if (live && sameScenario(live, draft)) {
      throw new AppError('nothing_to_publish', `The draft is the same as the live version ${live.version}`);
    }
    const note = input.note ?? null;
    const version = await store.addScenarioVersion(endpoint.id, {
      ...compileOrThrow(draft.code, draft.language, user.id),
      note,
    });
    // A save made meanwhile is newer work: it stays as the draft.
    await store.deleteScenarioDraft(endpoint.id, { savedAt: draft.savedAt });
    const turnOn = input.enable === true && !endpoint.enabled;
    if (turnOn) await store.updateEndpoint(endpoint.id, { enabled: true });
    cache.invalidate();
    await audit.record(
      req,
      res,
      'scenario.publish',
      { type: 'scenario', id: endpoint.id, name: endpoint.slug },
      {
        version: version.version,
        language: draft.language,
        draftSavedBy: draft.savedBy,
        ...(note ? { note } : {}),
        ...(turnOn ? { enabled: true } : {}),
      },
    );
    res.json(await versionInfo(version, createAuthorLookup(store)));
  });

  return router;
}
