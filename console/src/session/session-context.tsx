import { Center, Loader } from '@mantine/core';
import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import type { ConsoleUser } from './session-api';
import type { SessionState, SessionStore } from './session-store';

const SessionContext = createContext<SessionStore | null>(null);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

export function useSessionStore(): SessionStore {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSessionStore needs a SessionProvider');
  return store;
}

export function useSessionState(): SessionState {
  const store = useSessionStore();
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** The signed-in user; only under RequireSignedIn. */
export function useCurrentUser(): ConsoleUser {
  const { user } = useSessionState();
  if (!user) throw new Error('useCurrentUser outside a signed-in page');
  return user;
}

/**
 * Pages behind sign-in. Without a session the user goes to the sign-in page, which brings them
 * back here (the path and query kept in `next`) once signed in again.
 */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const { status, endedElsewhere } = useSessionState();
  const location = useLocation();
  if (status === 'restoring') {
    return (
      <Center h="100vh">
        <Loader aria-label="Restoring the session" />
      </Center>
    );
  }
  if (status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const query = new URLSearchParams({ next });
    if (endedElsewhere) query.set('ended', '1');
    return <Navigate to={`/login?${query}`} replace />;
  }
  return <>{children}</>;
}
