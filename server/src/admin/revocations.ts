/**
 * What ends a signed-in user's live connections: a session signed out, or a user disabled,
 * given another role or a new password. The admin routes report these; the realtime module
 * listens and closes the matching sockets. One instance per server, passed as a dependency.
 */
export type Revocation =
  | { kind: 'session'; sessionId: string }
  | {
      kind: 'user';
      userId: string;
      reason: 'disabled' | 'role_changed' | 'password_reset';
      /**
       * A session whose sockets stay open: the browser that changed its own password was given a
       * new session, and its socket moves to it at the next re-check instead of signing it out.
       */
      exceptSessionId?: string;
    };

export type RevocationListener = (revocation: Revocation) => void;

export function createRevocations() {
  const listeners = new Set<RevocationListener>();
  return {
    subscribe(listener: RevocationListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(revocation: Revocation): void {
      for (const listener of listeners) listener(revocation);
    },
  };
}
