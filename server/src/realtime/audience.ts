import { randomUUID } from 'node:crypto';
import type { ProcessLogLine } from '../contract/index.js';
import type { AdminNamespace, AdminSocket, AudienceAnnouncement } from './types.js';

const ANNOUNCE_EVERY_MS = 20_000;
/** An instance that has not announced itself for this long is gone (or its announcements are lost). */
const FORGET_AFTER_MS = 60_000;
const MAX_WATCHED = 1000;
const MAX_ID_LENGTH = 64;
const MAX_REPLAYED_LINES = 1000;

const processRoom = (processId: string) => `process:${processId}`;
const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;

interface Listener {
  admins: boolean;
  watching: Set<string>;
  until: number;
}

/**
 * Who listens on the other instances. Relaying an event costs a MongoDB write, and most runs
 * happen while no admin looks: an instance relays the list's events only while admins are
 * connected elsewhere, and a process's log lines only while a socket elsewhere subscribed to
 * them. Each instance announces its own listeners when they change and every 20 s; what is not
 * announced again within a minute is forgotten.
 */
export function trackAudience(deps: {
  admin: AdminNamespace;
  /** What this instance has buffered of a running process's log. */
  linesOf: (processId: string) => readonly ProcessLogLine[];
  announceEveryMs?: number;
}) {
  const { admin } = deps;
  const self = randomUUID();
  const listeners = new Map<string, Listener>();

  function watchingHere(): string[] {
    const watching: string[] = [];
    for (const [room, members] of admin.adapter.rooms) {
      if (members.size > 0 && room.startsWith('process:')) watching.push(room.slice('process:'.length));
      if (watching.length >= MAX_WATCHED) break;
    }
    return watching;
  }

  function announce(ask = false): void {
    const announcement: AudienceAnnouncement = { from: self, admins: admin.sockets.size, watching: watchingHere() };
    admin.serverSideEmit('audience', ask ? { ...announcement, ask } : announcement);
  }

  admin.on('audience', (announcement) => {
    if (!announcement || !isId(announcement.from) || announcement.from === self) return;
    const watching = Array.isArray(announcement.watching)
      ? announcement.watching.filter(isId).slice(0, MAX_WATCHED)
      : [];
    const admins = typeof announcement.admins === 'number' && announcement.admins > 0;
    if (admins || watching.length > 0) {
      listeners.set(announcement.from, { admins, watching: new Set(watching), until: Date.now() + FORGET_AFTER_MS });
    } else {
      listeners.delete(announcement.from);
    }
    if (announcement.ask === true && admin.sockets.size > 0) announce();
  });

  admin.on('process.logs', (processId, reply) => {
    if (typeof reply !== 'function') return;
    reply(isId(processId) ? [...deps.linesOf(processId)] : []);
  });

  admin.on('connection', (socket) => {
    if (admin.sockets.size === 1) announce();
    socket.on('disconnect', () => {
      if (admin.sockets.size === 0) announce();
    });
  });

  const timer = setInterval(() => {
    if (admin.sockets.size > 0) announce();
  }, deps.announceEveryMs ?? ANNOUNCE_EVERY_MS);
  timer.unref();
  // A new instance learns at once who listens elsewhere rather than at their next announcement.
  announce(true);

  function current(): Listener[] {
    const now = Date.now();
    for (const [from, listener] of listeners) if (listener.until < now) listeners.delete(from);
    return [...listeners.values()];
  }

  return {
    /** Whether admins connected to another instance see the process list's events. */
    adminsElsewhere: () => current().some((listener) => listener.admins),
    /** Whether a socket on another instance subscribed to this process's log lines. */
    watchedElsewhere: (processId: string) => current().some((listener) => listener.watching.has(processId)),

    /**
     * A socket here subscribed to a process that may run on another instance: the others start
     * relaying its lines, and the one that runs it sends what it logged so far.
     */
    subscribed(socket: AdminSocket, processId: string): void {
      announce();
      admin.serverSideEmit('process.logs', processId, (_err, replies) => {
        // Instances that did not answer within the adapter's 5 s have nothing the live lines will not bring.
        if (!socket.connected || !socket.rooms.has(processRoom(processId))) return;
        const lines = (Array.isArray(replies) ? replies : []).filter(Array.isArray).flat().slice(0, MAX_REPLAYED_LINES);
        for (const line of lines as ProcessLogLine[]) socket.emit('process.log', { processId, line });
      });
    },

    stop(): void {
      clearInterval(timer);
    },
  };
}
