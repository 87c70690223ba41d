import type { Auth } from '../admin/auth.js';
import type { Logger } from '../core/log.js';
import type { AdminNamespace, AdminSocket } from './types.js';

const MAX_TIMER_MS = 2 ** 31 - 1;
/**
 * Backstop for changes made on another instance (sign-out, disable, role change): with the MongoDB
 * adapter `disconnectSockets` reaches every instance at once, but without it (embedded store, no
 * change streams) nothing from another instance reaches this one.
 */
const RECHECK_EVERY_MS = 60_000;

const userRoom = (userId: string) => `user:${userId}`;
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * Keeps every admin socket tied to the session that opened it: the socket closes when that
 * session signs out or expires, and when its user is disabled, gets another role or a new
 * password. Events from the admin routes close sockets at once; a periodic re-check catches
 * what happened on another instance.
 */
export function watchSessions(deps: {
  namespace: AdminNamespace;
  auth: Pick<Auth, 'callerFromCookieHeader' | 'revocations'>;
  log: Pick<Logger, 'debug' | 'warn'>;
  recheckEveryMs?: number;
}) {
  const { namespace, auth, log } = deps;

  function armExpiry(socket: AdminSocket): () => void {
    let timer: NodeJS.Timeout;
    const arm = () => {
      const remaining = Date.parse(socket.data.sessionExpiresAt) - Date.now();
      if (!(remaining > 0)) {
        socket.disconnect(true);
        return;
      }
      // Timers cap at ~24.8 days; a longer session re-arms when the first one fires.
      timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      timer.unref();
    };
    arm();
    return () => clearTimeout(timer);
  }

  namespace.on('connection', (socket) => {
    void socket.join([userRoom(socket.data.userId), sessionRoom(socket.data.sessionId)]);
    const disarm = armExpiry(socket);
    socket.on('disconnect', disarm);
  });

  const unsubscribe = auth.revocations.subscribe((revocation) => {
    const room = revocation.kind === 'session' ? sessionRoom(revocation.sessionId) : userRoom(revocation.userId);
    log.debug({ revocation }, 'closing the live connections of a revoked session or user');
    const kept = revocation.kind === 'user' ? revocation.exceptSessionId : undefined;
    (kept ? namespace.in(room).except(sessionRoom(kept)) : namespace.in(room)).disconnectSockets(true);
  });

  async function recheck(socket: AdminSocket): Promise<void> {
    const caller = await auth.callerFromCookieHeader(socket.handshake.headers.cookie);
    const still = caller?.sessionId === socket.data.sessionId && caller.user.role === socket.data.role;
    if (!still) socket.disconnect(true);
  }

  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping || namespace.sockets.size === 0) return;
    sweeping = true;
    void (async () => {
      for (const socket of [...namespace.sockets.values()]) {
        await recheck(socket).catch((err: unknown) => log.warn({ err }, 'could not re-check a live connection'));
      }
    })().finally(() => {
      sweeping = false;
    });
  }, deps.recheckEveryMs ?? RECHECK_EVERY_MS);
  sweep.unref();

  return {
    stop() {
      unsubscribe();
      clearInterval(sweep);
    },
  };
}
