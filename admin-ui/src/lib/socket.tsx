import { SOCKET_NAMESPACE, SOCKET_PATH, type AdminSocketEvents } from '@contract';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import { apiRequest } from '../api/client';

interface ClientEvents {
  subscribe: (payload: { processId: string }) => void;
  unsubscribe: (payload: { processId: string }) => void;
}
type ServerEvents = { [K in keyof AdminSocketEvents]: (payload: AdminSocketEvents[K]) => void };
export type AdminSocket = Socket<ServerEvents, ClientEvents>;
interface UntypedEmitter {
  on(event: string, listener: (payload: unknown) => void): void;
  off(event: string, listener: (payload: unknown) => void): void;
}
export type LiveStatus = 'connecting' | 'live' | 'offline';

interface SocketContextValue {
  socket: AdminSocket | null;
  status: LiveStatus;
}

const SocketContext = createContext<SocketContextValue>({ socket: null, status: 'offline' });

/** Wait before connecting again after the server refused or closed the socket while the API still accepts the session. */
const RECONNECT_AFTER_REFUSAL_MS = 2_000;

/**
 * One socket.io connection per signed-in tab; the session cookie authenticates it. It is
 * served under the admin API (`SOCKET_PATH`), the only path the session cookie is sent to.
 */
export function SocketProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [value, setValue] = useState<SocketContextValue>({ socket: null, status: 'offline' });

  useEffect(() => {
    if (!enabled) return undefined;
    const socket: AdminSocket = io(SOCKET_NAMESPACE, {
      path: SOCKET_PATH,
      // WebSocket only: no long-polling handshake, so several app instances behind a load
      // balancer need no sticky sessions.
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelayMax: 10_000,
    });
    let stopped = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    const update = (status: LiveStatus) => setValue({ socket, status });
    // The server closes or refuses a socket when its session ended (signed out, expired, user
    // disabled, password reset) or the user's role changed. Asking the API tells which: a 401
    // takes the whole app to the sign-in page; a live session connects again.
    const recheckSession = () => {
      void apiRequest('GET', '/session').then(
        () => {
          if (stopped) return;
          clearTimeout(retryTimer);
          retryTimer = setTimeout(() => !stopped && socket.connect(), RECONNECT_AFTER_REFUSAL_MS);
        },
        () => undefined,
      );
    };
    update('connecting');
    socket.on('connect', () => update('live'));
    socket.on('disconnect', (reason) => {
      update('connecting');
      if (reason === 'io server disconnect') recheckSession();
    });
    socket.on('connect_error', (error) => {
      update('offline');
      if (error.message === 'unauthorized') recheckSession();
    });
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
      setValue({ socket: null, status: 'offline' });
    };
  }, [enabled]);

  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useLiveStatus(): LiveStatus {
  return useContext(SocketContext).status;
}

/** Calls `handler` for each `event`; the latest handler is used without re-subscribing. */
export function useSocketEvent<K extends keyof AdminSocketEvents>(
  event: K,
  handler: (payload: AdminSocketEvents[K]) => void,
): void {
  const { socket } = useContext(SocketContext);
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    if (!socket) return undefined;
    const listener = (payload: unknown) => latest.current(payload as AdminSocketEvents[K]);
    // socket.io's typed `on` cannot relate a generic K to its listener type.
    const untyped = socket as unknown as UntypedEmitter;
    untyped.on(event, listener);
    return () => {
      untyped.off(event, listener);
    };
  }, [socket, event]);
}

/** Subscribes to the log lines of one process while `active` (re-subscribing after reconnects). */
export function useProcessLogStream(
  processId: string,
  active: boolean,
  onLine: (payload: AdminSocketEvents['process.log']) => void,
): void {
  const { socket } = useContext(SocketContext);
  useSocketEvent('process.log', (payload) => {
    if (active && payload.processId === processId) onLine(payload);
  });
  useEffect(() => {
    if (!socket || !active) return undefined;
    const subscribe = () => socket.emit('subscribe', { processId });
    if (socket.connected) subscribe();
    socket.on('connect', subscribe);
    return () => {
      socket.off('connect', subscribe);
      socket.emit('unsubscribe', { processId });
    };
  }, [socket, processId, active]);
}
