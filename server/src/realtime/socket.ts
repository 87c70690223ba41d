import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { SOCKET_NAMESPACE, SOCKET_PATH, type ProcessLogLine, type ProcessRecord } from '../contract/index.js';
import type { Auth } from '../admin/auth.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/log.js';
import type { createProcessEvents } from '../processes/events.js';
import { summarize } from '../processes/record.js';
import type { LiveChannel } from '../store/live-channel.js';
import { trackAudience } from './audience.js';
import { clusterAdapter } from './cluster.js';
import { createOriginCheck } from './origin.js';
import { watchSessions } from './session-watch.js';
import type { ClientEvents, InterServerEvents, ServerEvents, SocketData } from './types.js';

type Events = ReturnType<typeof createProcessEvents>;

/**
 * socket.io namespace `/admin`: authenticated by the admin session cookie; broadcasts
 * process changes to every signed-in admin, and log lines to those who subscribed to a process.
 * With a live channel (MongoDB) the MongoDB adapter carries them to the admins of every
 * instance, rooms included, and a sign-out closes the session's sockets on every instance.
 */
export function attachRealtime(deps: {
  httpServer: HttpServer;
  auth: Auth;
  events: Events;
  log: Logger;
  config: Pick<Config, 'PUBLIC_URL' | 'TRUST_PROXY' | 'HOST' | 'ALLOWED_HOSTS'>;
  /** From `openClusterChannel`: null keeps every event on this instance. */
  liveChannel?: LiveChannel | null;
}) {
  const isAllowedOrigin = createOriginCheck(deps.config);
  const cluster = deps.liveChannel ? clusterAdapter(deps.liveChannel, deps.log) : null;
  const io = new Server<ClientEvents, ServerEvents, InterServerEvents, SocketData>(deps.httpServer, {
    ...(cluster ? { adapter: cluster.adapter } : {}),
    path: SOCKET_PATH,
    serveClient: false,
    // WebSocket only (as the admin UI connects): no long-polling sessions to pin to one
    // instance. A polling request is answered `400 {"code":0,"message":"Transport unknown"}`.
    transports: ['websocket'],
    // No CORS headers for anyone; the handshake's Origin is checked below.
    cors: { origin: false },
    allowRequest(req, callback) {
      if (isAllowedOrigin(req)) return callback(null, true);
      deps.log.warn(
        { origin: req.headers.origin, host: req.headers.host },
        'socket.io handshake from another origin refused',
      );
      callback('Origin not allowed', false);
    },
  });
  const admin = io.of(SOCKET_NAMESPACE);

  admin.use((socket, next) => {
    deps.auth
      .callerFromCookieHeader(socket.handshake.headers.cookie)
      .then((caller) => {
        if (!caller?.sessionId || !caller.sessionExpiresAt) return next(new Error('unauthorized'));
        socket.data = {
          userId: caller.user.id,
          role: caller.user.role,
          sessionId: caller.sessionId,
          sessionExpiresAt: caller.sessionExpiresAt,
        };
        next();
      })
      .catch(() => next(new Error('unavailable')));
  });

  const sessions = watchSessions({ namespace: admin, auth: deps.auth, log: deps.log });

  // Lines a running process has logged so far, so that a detail page opened mid-run shows
  // them all (the record gets its logs only when the run ends).
  const runningLogs = new Map<string, ProcessLogLine[]>();
  const MAX_BUFFERED_LINES = 1000;
  const MAX_BUFFERED_PROCESSES = 5000;
  const audience = cluster ? trackAudience({ admin, linesOf: (processId) => runningLogs.get(processId) ?? [] }) : null;

  admin.on('connection', (socket) => {
    socket.on('subscribe', (payload) => {
      const processId = payload?.processId;
      if (typeof processId !== 'string' || processId.length === 0 || processId.length > 64) return;
      void socket.join(`process:${processId}`);
      for (const line of runningLogs.get(processId) ?? []) socket.emit('process.log', { processId, line });
      audience?.subscribed(socket, processId);
    });
    socket.on('unsubscribe', (payload) => {
      if (typeof payload?.processId === 'string') void socket.leave(`process:${payload.processId}`);
    });
  });

  // Nothing is serialized, nor written to MongoDB, when nobody may see it: the public route
  // stays fast. `local` keeps an event off MongoDB when only this instance's admins listen.
  function toAdmins(event: 'process.created' | 'process.updated', record: ProcessRecord): void {
    if (audience?.adminsElsewhere()) admin.emit(event, summarize(record));
    else if (admin.sockets.size > 0) admin.local.emit(event, summarize(record));
  }

  const unsubscribe = deps.events.subscribe({
    created(record) {
      toAdmins('process.created', record);
    },
    updated(record) {
      if (record.finishedAt || record.status === 'queued') runningLogs.delete(record.id);
      toAdmins('process.updated', record);
    },
    log(processId, line) {
      let lines = runningLogs.get(processId);
      if (!lines) {
        if (runningLogs.size >= MAX_BUFFERED_PROCESSES) runningLogs.delete(runningLogs.keys().next().value as string);
        lines = [];
        runningLogs.set(processId, lines);
      }
      if (lines.length < MAX_BUFFERED_LINES) lines.push(line);
      const room = `process:${processId}`;
      if (audience?.watchedElsewhere(processId)) admin.to(room).emit('process.log', { processId, line });
      else if (admin.adapter.rooms.has(room)) admin.local.to(room).emit('process.log', { processId, line });
    },
  });

  return {
    io,
    async close() {
      unsubscribe();
      sessions.stop();
      audience?.stop();
      cluster?.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
      await deps.liveChannel?.close();
    },
  };
}
