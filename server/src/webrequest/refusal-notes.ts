import type { Request } from 'express';
import { isAppError, type AppError } from '../core/app-error.js';
import type { Metrics } from '../http/metrics.js';
import type { RefusalLog } from '../refusals/refusal-log.js';
import type { Endpoint } from '../store/types.js';

/**
 * Notes a call of an endpoint refused before any process exists, in both places an operator and
 * an admin look: `scriptgate_rejected_total{slug,reason}` and the endpoint's refused calls
 * (refusals/). One function for both, so the two always count the same calls.
 */
export function createRefusalNotes(deps: { metrics: Pick<Metrics, 'rejected'>; refusals: RefusalLog }) {
  function note(endpoint: Endpoint, req: Request, err: AppError): AppError {
    deps.metrics.rejected(endpoint.slug, err.code);
    deps.refusals.record(endpoint.id, {
      reason: err.code,
      status: err.status,
      method: req.method,
      origin: req.get('origin'),
      ip: req.ip ?? req.socket.remoteAddress ?? '',
      // The path only: a query string may carry a caller's token.
      path: req.path,
    });
    return err;
  }

  return {
    /** Notes the refusal and hands the error back to be thrown. */
    refused: note,
    /** Awaits a step of the route; a refusal it throws is noted, then answered as usual. */
    async guard<T>(endpoint: Endpoint, req: Request, step: () => T | Promise<T>): Promise<T> {
      try {
        return await step();
      } catch (err) {
        if (isAppError(err)) note(endpoint, req, err);
        throw err;
      }
    },
  };
}
