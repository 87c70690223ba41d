import type { SessionInfo, User } from '@contract';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { isApiError, setCsrfRefresher, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import { sessionApi } from '../api/session';
import { can, type Permission } from './permissions';

type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean }
  | { status: 'signedIn'; user: User }
  | { status: 'unreachable'; error: unknown };

interface SessionContextValue {
  state: SessionState;
  user: User | null;
  can: (permission: Permission) => boolean;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  const accept = useCallback((session: SessionInfo) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', user: session.user });
  }, []);

  useEffect(() => {
    let cancelled = false;
    sessionApi
      .current()
      .then((session) => !cancelled && accept(session))
      .catch((error: unknown) => {
        if (cancelled) return;
        if (isApiError(error) && error.status === 401) setState({ status: 'signedOut', expired: false });
        else setState({ status: 'unreachable', error });
      });
    return () => {
      cancelled = true;
    };
  }, [accept, attempt]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: 'signedOut', expired: true });
    });
    setCsrfRefresher(async () => {
      const session = await sessionApi.current();
      return session.csrfToken;
    });
    return () => {
      setUnauthorizedHandler(null);
      setCsrfRefresher(null);
    };
  }, [queryClient]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      accept(await sessionApi.signIn(email, password));
    },
    [accept],
  );

  const signOut = useCallback(async () => {
    try {
      await sessionApi.signOut();
    } finally {
      setCsrfToken(null);
      queryClient.clear();
      setState({ status: 'signedOut', expired: false });
    }
  }, [queryClient]);

  const value = useMemo<SessionContextValue>(() => {
    const user = state.status === 'signedIn' ? state.user : null;
    return {
      state,
      user,
      can: (permission) => can(user?.role, permission),
      signIn,
      signOut,
      retry: () => {
        setState({ status: 'loading' });
        setAttempt((n) => n + 1);
      },
    };
  }, [state, signIn, signOut]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for components rendered behind the sign-in guard. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export function usePermission(permission: Permission): boolean {
  return useSession().can(permission);
}
