import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { SessionProvider } from './session/session-context';
import { SessionStore } from './session/session-store';
import type { ConsoleSession, SessionApi } from './session/session-api';

/** A session API that answers as told, for component tests. */
export function fakeSessionApi(overrides: Partial<SessionApi> = {}): SessionApi {
  const never = () => Promise.reject(new Error('not expected in this test'));
  return { login: never, refresh: never, logout: () => Promise.resolve(), ...overrides };
}

export function sessionFor(permissions: string[], id = 'user-1'): ConsoleSession {
  return {
    accessToken: 'token',
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    user: { id, login: 'someone', displayName: null, permissions },
  };
}

/** Renders a component inside Mantine, a router at `path` and a session store. */
export function renderInConsole(element: ReactElement, store = new SessionStore(fakeSessionApi()), path = '/') {
  return render(
    <MantineProvider>
      <SessionProvider store={store}>
        <MemoryRouter initialEntries={[path]}>{element}</MemoryRouter>
      </SessionProvider>
    </MantineProvider>,
  );
}
