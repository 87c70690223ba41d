import { IncomingMessage, ServerResponse, type RequestListener, type ServerOptions } from 'node:http';
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express';
import { SLUG_PATTERN } from '../contract/index.js';
import { applyBaseHeaders } from '../exchange/response-policy.js';

const PREFIX = '/api/webrequest/';

/**
 * The slug and the decoded subpath segments of a public-route URL in its plain form
 * (`/api/webrequest/<slug>[/<segment>…][?query]`); null for anything else — other casing, empty
 * or undecodable segments, the OpenAPI document — which the app's router handles as ever.
 */
export function publicRouteOf(url: string): { slug: string; rest: string[] } | null {
  if (!url.startsWith(PREFIX)) return null;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  if (path.includes('#')) return null;
  const parts = path.slice(PREFIX.length).split('/');
  const slug = parts[0]!;
  if (!SLUG_PATTERN.test(slug)) return null;
  const rest: string[] = [];
  for (let i = 1; i < parts.length; i++) {
    const segment = parts[i]!;
    if (segment === '') return null;
    try {
      rest.push(decodeURIComponent(segment));
    } catch {
      return null;
    }
  }
  return { slug, rest };
}

export interface FrontDoorOptions {
  /** The app-level middleware every request passes first (Host check, refusal while stopping). */
  before: RequestHandler[];
  /** The public route's handler (webrequest/router.ts). */
  handle: (req: Request, res: Response) => Promise<void>;
  /** The app's error handler: the same JSON errors as through the router. */
  onError: ErrorRequestHandler;
}

/** What `http.createServer` takes: the request listener, and the classes of its requests and responses. */
export interface FrontDoor {
  listener: RequestListener;
  options: ServerOptions;
}

/**
 * The server's request listener. Calls of the public route — most of the traffic — go straight
 * to their handler, through the same middleware and error handler but not through the router's
 * chain of layers (a pattern match and a `next` per layer: a tenth of the server's CPU per call
 * in the bench). Everything else, and every unusual public URL, goes to the Express app.
 */
export function frontDoor(app: Express, options: FrontDoorOptions): FrontDoor {
  const { before, handle, onError } = options;
  // Requests and responses are born with Express's methods (what app.handle would give them by
  // swapping their prototype: a new hidden class for each object, on every call).
  class ExpressRequest extends IncomingMessage {}
  class ExpressResponse<R extends IncomingMessage = IncomingMessage> extends ServerResponse<R> {}
  Object.setPrototypeOf(ExpressRequest.prototype, app.request);
  Object.setPrototypeOf(ExpressResponse.prototype, app.response);
  const listener = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const route = publicRouteOf(incoming.url ?? '');
    if (!route) {
      app(incoming, outgoing);
      return;
    }
    const req = incoming as Request;
    const res = outgoing as Response;
    // What Express's app.handle and router do before a route runs.
    req.res = res;
    res.req = req;
    if (!(req instanceof ExpressRequest)) Object.setPrototypeOf(req, app.request);
    if (!(res instanceof ExpressResponse)) Object.setPrototypeOf(res, app.response);
    res.locals = Object.create(null) as Response['locals'];
    req.originalUrl = req.url;
    req.baseUrl = '';
    req.params = route.rest.length > 0 ? { slug: route.slug, rest: route.rest } : { slug: route.slug };
    const fail = (error: unknown) => onError(error, req, res, () => {});
    let index = 0;
    const next = (error?: unknown): void => {
      if (error) {
        fail(error);
        return;
      }
      const middleware = before[index++];
      if (middleware) {
        try {
          void middleware(req, res, next);
        } catch (thrown) {
          fail(thrown);
        }
        return;
      }
      // Every answer of the public route — errors included — starts sandboxed.
      applyBaseHeaders(res);
      handle(req, res).catch(fail);
    };
    next();
  };
  return { listener, options: { IncomingMessage: ExpressRequest, ServerResponse: ExpressResponse } };
}
