import type { Namespace, Socket } from 'socket.io';
import type { AdminSocketEvents, ProcessLogLine, Role } from '../contract/index.js';

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
/** What one instance tells the others of its own listeners (see audience.ts). */
export interface AudienceAnnouncement {
  /** The sending instance (a random id per start). */
  from: string;
  /** Admin sockets connected to it. */
  admins: number;
  /** Processes whose log lines its sockets subscribed to. */
  watching: string[];
  /** Sent by an instance that just started: the others answer with their own announcement. */
  ask?: boolean;
}
/** Between instances, through the MongoDB adapter (only when it is attached). */
export interface InterServerEvents {
  audience: (announcement: AudienceAnnouncement) => void;
  /** The lines a running process has logged so far, from whichever instance runs it. */
  'process.logs': (processId: string, reply: (lines: ProcessLogLine[]) => void) => void;
}
export type AdminNamespace = Namespace<ClientEvents, ServerEvents, InterServerEvents, SocketData>;
export type AdminSocket = Socket<ClientEvents, ServerEvents, InterServerEvents, SocketData>;
