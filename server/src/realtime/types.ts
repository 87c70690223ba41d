import type { Namespace, Socket } from 'socket.io';
import type { AdminSocketEvents, Role } from '../contract/index.js';

export type ServerEvents = { [K in keyof AdminSocketEvents]: (payload: AdminSocketEvents[K]) => void };
export interface ClientEvents {
  subscribe: (payload: { processId?: unknown }) => void;
  unsubscribe: (payload: { processId?: unknown }) => void;
}
/** What the handshake established: whose socket this is and which session opened it. */
export interface SocketData {
  userId: string;
  role: Role;
  sessionId: string;
  sessionExpiresAt: string;
}
type NoEvents = Record<string, never>;
export type AdminNamespace = Namespace<ClientEvents, ServerEvents, NoEvents, SocketData>;
export type AdminSocket = Socket<ClientEvents, ServerEvents, NoEvents, SocketData>;
