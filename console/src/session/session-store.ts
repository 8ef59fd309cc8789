import { ApiProblemError } from '../api/api-problem';
import type { ConsoleSession, ConsoleUser, SessionApi } from './session-api';

export type SessionStatus = 'restoring' | 'signed-in' | 'signed-out';

export interface SessionState {
  status: SessionStatus;
  user: ConsoleUser | null;
  /** Set when the session ended without this tab asking (another tab, `logoutAll`, expiry). */
  endedElsewhere: boolean;
}

/** Refreshed this long before the access token expires, so no request goes out with a stale one. */
const REFRESH_MARGIN_MS = 60_000;
const RETRY_AFTER_NETWORK_ERROR_MS = 15_000;
const LOCK_NAME = 'etl-console-refresh';

/** When to refresh a token that expires at `expiresAt`: a minute early, or at three quarters of a short life. */
export function refreshDelayMs(expiresAt: string, now: number): number {
  const remaining = Date.parse(expiresAt) - now;
  return Math.max(1_000, remaining > 2 * REFRESH_MARGIN_MS ? remaining - REFRESH_MARGIN_MS : remaining * 0.75);
}

/**
 * The console's session: the access token lives here, in memory only, and is renewed before it
 * expires through the gateway's cookie-backed refresh. Refreshes from several tabs are
 * serialised with a Web Lock, because a refresh token works once and a reused one ends the
 * session; a sign-out is told to the other tabs.
 */
export class SessionStore {
  private state: SessionState = { status: 'restoring', user: null, endedElsewhere: false };
  private session: ConsoleSession | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly channel =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('etl-console-session');

  constructor(private readonly api: SessionApi) {
    this.channel?.addEventListener('message', (event: MessageEvent) => {
      if (event.data === 'signed-out' && this.session) this.end(true);
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly snapshot = (): SessionState => this.state;

  get accessToken(): string | null {
    return this.session?.accessToken ?? null;
  }

  /** On page load: the cookie, if any, brings the session back without a password. */
  async restore(): Promise<void> {
    const restored = await this.refresh();
    if (!restored) this.set({ status: 'signed-out', user: null, endedElsewhere: false });
  }

  async signIn(login: string, password: string): Promise<void> {
    this.start(await this.api.login(login, password));
  }

  async signOut(): Promise<void> {
    const token = this.accessToken;
    this.end(false);
    this.channel?.postMessage('signed-out');
    await this.api.logout(token ?? undefined).catch(() => undefined);
  }

  /**
   * A request was refused as UNAUTHENTICATED: one refresh is tried (the token may just have
   * expired while the machine slept); when that fails too, the session ended elsewhere.
   */
  async recoverFromUnauthenticated(): Promise<boolean> {
    if (!this.session) return false;
    return this.refresh();
  }

  /** True when a session is in place afterwards. Concurrent callers share one refresh. */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.refreshOnce().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  private async refreshOnce(): Promise<boolean> {
    try {
      const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
      const session = locks ? await locks.request(LOCK_NAME, () => this.api.refresh()) : await this.api.refresh();
      this.start(session);
      return true;
    } catch (error) {
      if (error instanceof ApiProblemError && error.code !== 'SERVER_ERROR') {
        if (this.session) this.end(true);
        return false;
      }
      // The gateway is unreachable: keep what we have and try again shortly.
      if (this.session) this.schedule(RETRY_AFTER_NETWORK_ERROR_MS);
      return this.session !== null;
    }
  }

  private start(session: ConsoleSession): void {
    this.session = session;
    this.schedule(refreshDelayMs(session.expiresAt, Date.now()));
    this.set({ status: 'signed-in', user: session.user, endedElsewhere: false });
  }

  private end(elsewhere: boolean): void {
    clearTimeout(this.timer);
    this.session = null;
    this.set({ status: 'signed-out', user: null, endedElsewhere: elsewhere });
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delayMs);
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}
