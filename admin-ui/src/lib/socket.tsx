import { SOCKET_NAMESPACE, type AdminSocketEvents } from '@contract';
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';

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

/** One socket.io connection per signed-in tab; the session cookie authenticates it. */
export function SocketProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  const [value, setValue] = useState<SocketContextValue>({ socket: null, status: 'offline' });

  useEffect(() => {
    if (!enabled) return undefined;
    const socket: AdminSocket = io(SOCKET_NAMESPACE, {
      path: '/socket.io',
      // WebSocket only: no long-polling handshake, so several app instances behind a load
      // balancer need no sticky sessions.
      transports: ['websocket'],
      withCredentials: true,
      reconnectionDelayMax: 10_000,
    });
    const update = (status: LiveStatus) => setValue({ socket, status });
    update('connecting');
    socket.on('connect', () => update('live'));
    socket.on('disconnect', () => update('connecting'));
    socket.on('connect_error', () => update('offline'));
    return () => {
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
