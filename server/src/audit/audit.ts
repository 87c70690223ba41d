import type { Request, Response } from 'express';
import type { AuditEntity, AuditEntry } from '../contract/index.js';
import type { Logger } from '../core/log.js';
import { newId } from '../store/ids.js';
import type { Store } from '../store/types.js';

/**
 * The audit log: every change made through the admin API — endpoints, scenario versions,
 * access settings, API keys, secrets, users and admin API tokens — with who made it, when
 * and from which address. Callers pass names and field lists, never values of secrets,
 * passwords or keys. A failed write is logged, not thrown: the change itself already happened.
 */
export function createAudit(deps: { store: Pick<Store, 'appendAudit'>; log: Pick<Logger, 'error'> }) {
  return {
    async record(
      req: Pick<Request, 'ip' | 'socket'>,
      res: Pick<Response, 'locals'>,
      action: string,
      entity: { type: AuditEntity; id: string; name?: string },
      details?: Record<string, unknown>,
    ): Promise<void> {
      const user = (res.locals.caller as { user?: { id: string; email: string } } | undefined)?.user;
      const entry: AuditEntry = {
        id: newId(),
        at: new Date().toISOString(),
        actor: user ? { id: user.id, email: user.email } : null,
        action,
        entity,
        ip: req.ip ?? req.socket.remoteAddress ?? '',
        ...(details ? { details } : {}),
      };
      try {
        await deps.store.appendAudit(entry);
      } catch (err) {
        deps.log.error({ err, action, entity }, 'audit entry could not be written');
      }
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
