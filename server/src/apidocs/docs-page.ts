import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_DOCS_PATHS } from '../contract/index.js';

/**
 * The `/docs` page: swagger-ui-dist, served from node_modules under `/docs/assets/`, and a small
 * init script of our own (no inline script, so the page runs under `script-src 'self'`).
 */

/** The files of swagger-ui-dist the page uses; nothing else of the package is served. */
export const SWAGGER_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** Where the installed swagger-ui-dist lives (resolved, not imported: its main module would load the whole bundle here). */
const SWAGGER_UI_DIR = dirname(fileURLToPath(import.meta.resolve('swagger-ui-dist/package.json')));

export function swaggerAssetPath(name: string): string | null {
  return Object.hasOwn(SWAGGER_ASSETS, name) ? join(SWAGGER_UI_DIR, name) : null;
}

export const DOCS_INIT_PATH = '/docs/init.js';

/**
 * Query-string configuration stays off (`?url=`/`?configUrl=` would let a link show any
 * document on this origin); "Try it out" calls the endpoints like any client would.
 */
export const DOCS_INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(API_DOCS_PATHS.openapi)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    queryConfigEnabled: false,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

export const DOCS_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>API reference</title>
    <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="${DOCS_INIT_PATH}"></script>
  </body>
</html>
`;
