import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblemError } from '../api/api-problem';
import { fakeSessionApi, sessionFor } from '../test-render';
import { refreshDelayMs, SessionStore } from './session-store';

const unauthenticated = () =>
  new ApiProblemError([{ message: 'Session ended', code: 'UNAUTHENTICATED', requestId: 'r1' }]);

describe('the session store', () => {
  afterEach(() => vi.useRealTimers());

  it('refreshes a minute before expiry, or at three quarters of a short life', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(refreshDelayMs('2026-01-01T00:15:00Z', now)).toBe(14 * 60_000);
    expect(refreshDelayMs('2026-01-01T00:01:00Z', now)).toBe(45_000);
    expect(refreshDelayMs('2025-12-31T00:00:00Z', now)).toBe(1_000);
  });

  it('restores a session from the cookie, or is signed out without one', async () => {
    const restored = new SessionStore(fakeSessionApi({ refresh: async () => sessionFor(['scripts:read']) }));
    await restored.restore();
    expect(restored.snapshot()).toMatchObject({ status: 'signed-in', endedElsewhere: false });
    expect(restored.accessToken).toBe('token');

    const anonymous = new SessionStore(fakeSessionApi({ refresh: () => Promise.reject(unauthenticated()) }));
    await anonymous.restore();
    expect(anonymous.snapshot()).toEqual({ status: 'signed-out', user: null, endedElsewhere: false });
  });

  it('renews the token on its timer, and reports a session ended elsewhere', async () => {
    vi.useFakeTimers();
    let refreshes = 0;
    const store = new SessionStore(
      fakeSessionApi({
        login: async () => sessionFor(['scripts:read']),
        refresh: async () => {
          refreshes += 1;
          if (refreshes > 1) throw unauthenticated();
          return sessionFor(['scripts:read']);
        },
      }),
    );
    await store.signIn('someone', 'password');
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(refreshes).toBe(1);
    expect(store.snapshot().status).toBe('signed-in');
    await vi.advanceTimersByTimeAsync(14 * 60_000);
    expect(refreshes).toBe(2);
    expect(store.snapshot()).toEqual({ status: 'signed-out', user: null, endedElsewhere: true });
    expect(store.accessToken).toBeNull();
  });

  it('shares one refresh between concurrent callers (a refresh token works once)', async () => {
    const refresh = vi.fn(async () => sessionFor([]));
    const store = new SessionStore(fakeSessionApi({ refresh }));
    await Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('keeps the session through a network failure and forgets the token on sign-out', async () => {
    const logout = vi.fn(async () => undefined);
    const store = new SessionStore(
      fakeSessionApi({
        login: async () => sessionFor([]),
        refresh: () => Promise.reject(new TypeError('fetch failed')),
        logout,
      }),
    );
    await store.signIn('someone', 'password');
    expect(await store.refresh()).toBe(true);
    await store.signOut();
    expect(logout).toHaveBeenCalledWith('token');
    expect(store.snapshot()).toEqual({ status: 'signed-out', user: null, endedElsewhere: false });
  });
});
