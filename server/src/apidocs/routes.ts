import { Router, type Response } from 'express';
import { API_DOCS_PATHS } from '../contract/index.js';
import { requireRole } from '../admin/auth.js';
import { AppError } from '../core/app-error.js';
import type { Config } from '../core/config.js';
import { requestOrigin } from '../exchange/capture.js';
import { applyBaseHeaders } from '../exchange/response-policy.js';
import type { Store } from '../store/types.js';
import { DOCS_HTML, DOCS_INIT_PATH, DOCS_INIT_SCRIPT, SWAGGER_ASSETS, swaggerAssetPath } from './docs-page.js';
import { buildOpenApi, publicEndpoints, type OpenApiDocument } from './openapi.js';

export interface ApiDocsDeps {
  config: Config;
  store: Pick<Store, 'listEndpoints' | 'getEndpoint'>;
}

/** How long a built public document is reused: a change shows within this, plus the clients' cache. */
const DOCUMENT_TTL_MS = 2000;
const CLIENT_MAX_AGE_SECONDS = 30;

/**
 * `GET /api/webrequest/openapi.json`: public, no credentials, readable from any origin (it
 * holds nothing a caller of the documented endpoints may not know). Mounted before the public
 * route, whose slugs cannot contain a dot.
 */
export function createOpenApiRouter(deps: ApiDocsDeps): Router {
  const router = Router();
  const built = new Map<string, { at: number; document: OpenApiDocument }>();

  async function documentFor(serverUrl: string): Promise<OpenApiDocument> {
    const hit = built.get(serverUrl);
    if (hit && Date.now() - hit.at < DOCUMENT_TTL_MS) return hit.document;
    const document = buildOpenApi(publicEndpoints(await deps.store.listEndpoints()), { serverUrl });
    // One entry per origin the server answers to (the host guard bounds them); kept few anyway.
    if (built.size >= 16) built.clear();
    built.set(serverUrl, { at: Date.now(), document });
    return document;
  }

  function publicHeaders(res: Response) {
    applyBaseHeaders(res);
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Vary', 'Host');
  }

  router.get(API_DOCS_PATHS.openapi, async (req, res) => {
    publicHeaders(res);
    res.setHeader('Cache-Control', `public, max-age=${CLIENT_MAX_AGE_SECONDS}`);
    res.json(await documentFor(requestOrigin(req, deps.config.PUBLIC_URL)));
  });
  router.options(API_DOCS_PATHS.openapi, (_req, res) => {
    publicHeaders(res);
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD');
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  });
  return router;
}

/**
 * `GET /docs`: the API reference page, after the admin's helmet, with a policy of its own:
 * scripts from this origin only, no eval; inline styles, which swagger-ui sets on elements.
 */
export function createDocsPageRouter(deps: ApiDocsDeps): Router {
  const router = Router();
  const publicOrigin = deps.config.PUBLIC_URL ? new URL(deps.config.PUBLIC_URL).origin : '';
  const policy = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // "Try it out" calls the endpoints at the document's server: this origin or PUBLIC_URL's.
    `connect-src 'self'${publicOrigin ? ` ${publicOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ');

  router.get(API_DOCS_PATHS.page, (_req, res) => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(DOCS_HTML);
  });
  router.get(DOCS_INIT_PATH, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/javascript').send(DOCS_INIT_SCRIPT);
  });
  router.get('/docs/assets/:file', (req, res, next) => {
    const path = swaggerAssetPath(req.params.file);
    if (!path) throw new AppError('not_found', `No file at ${req.path}`);
    res.sendFile(
      path,
      { maxAge: '1h', headers: { 'Content-Type': SWAGGER_ASSETS[req.params.file] } },
      (err) => err && next(err),
    );
  });
  return router;
}

/** `GET /api/admin/endpoints/:id/openapi.json`: one endpoint's document, documented or not, for the admin's preview. */
export function createAdminOpenApiRoutes(deps: ApiDocsDeps): Router {
  const router = Router();
  router.get('/endpoints/:id/openapi.json', requireRole('admin', 'editor'), async (req, res) => {
    const endpoint = await deps.store.getEndpoint(String(req.params.id));
    if (!endpoint) throw new AppError('not_found', 'No such endpoint');
    res.json(buildOpenApi([endpoint], { serverUrl: requestOrigin(req, deps.config.PUBLIC_URL) }));
  });
  return router;
}
