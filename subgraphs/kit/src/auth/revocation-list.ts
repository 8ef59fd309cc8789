import { AuthenticationError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';

/**
 * What the users subgraph publishes: per user and per session (a refresh-token family or an API
 * token), the second before which access tokens no longer count. Entries stay listed only as long
 * as a token issued before them could still be alive.
 */
export interface RevocationSnapshot {
  users: Record<string, number>;
  sessions: Record<string, number>;
}

/** The claims a revocation decision needs. */
export interface RevocableClaims {
  sub: string;
  sid?: string | undefined;
  iat: number;
}

function isSnapshot(value: unknown): value is RevocationSnapshot {
  const isTable = (table: unknown) =>
    typeof table === 'object' &&
    table !== null &&
    Object.values(table).every((second) => typeof second === 'number' && Number.isFinite(second));
  const snapshot = value as Partial<RevocationSnapshot> | null;
  return typeof value === 'object' && value !== null && isTable(snapshot!.users) && isTable(snapshot!.sessions);
}

/**
 * How long one poll may wait for the users subgraph: twice the allowed delay, at least 10 s. A
 * slow answer (a loaded users subgraph or database) still brings the revocations, late; giving
 * up after half the delay, as polls once did, threw every slow answer away and left the list
 * stale for as long as the load lasted.
 */
export function revocationPollTimeoutMs(maxDelaySeconds: number): number {
  return Math.max(10_000, maxDelaySeconds * 2000);
}

/** GETs a revocation snapshot, giving up after `revocationPollTimeoutMs`. */
export async function fetchRevocations(url: string, maxDelaySeconds: number): Promise<RevocationSnapshot> {
  const response = await fetch(url, { signal: AbortSignal.timeout(revocationPollTimeoutMs(maxDelaySeconds)) });
  if (!response.ok) throw new Error(`revocation list answered HTTP ${response.status}`);
  const body: unknown = await response.json();
  if (!isSnapshot(body)) throw new Error('revocation list is not {users, sessions}');
  return body;
}

/**
 * The revocations a service checks every access token against, in memory, so that a revoked
 * token fails without a call per request. A poller refreshes it every half of the allowed delay;
 * when a poll fails (the users subgraph is down) the last list stays in force and the service
 * keeps serving, saying so once in its log, and again when the list is fresh.
 */
export class RevocationList {
  private users = new Map<string, number>();
  private sessions = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly load: () => Promise<RevocationSnapshot>,
    private readonly maxDelaySeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Lists the snapshot of the users subgraph at `url` (its `/auth/revocations`). */
  static polling(url: string, maxDelaySeconds: number, logger: Logger): RevocationList {
    return new RevocationList(() => fetchRevocations(url, maxDelaySeconds), maxDelaySeconds, logger);
  }

  /** Whether a token was issued before its user's or its session's revocation. */
  isRevoked(claims: RevocableClaims): boolean {
    const userSince = this.users.get(claims.sub);
    const sessionSince = claims.sid === undefined ? undefined : this.sessions.get(claims.sid);
    return (
      (userSince !== undefined && claims.iat < userSince) || (sessionSince !== undefined && claims.iat < sessionSince)
    );
  }

  /** Throws UNAUTHENTICATED for a revoked token. */
  assertNotRevoked(claims: RevocableClaims): void {
    if (this.isRevoked(claims)) throw AuthenticationError.invalidToken('token revoked');
  }

  /**
   * Loads the list once before the service serves, then keeps polling. A users subgraph that is
   * down at this start leaves the list empty (logged), as a later outage leaves it as it was.
   */
  async start(): Promise<void> {
    const start = Date.now();
    await this.refresh();
    this.schedule(start);
  }

  stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return Promise.resolve();
  }

  /** Polls now; a failure keeps the last list. */
  async refresh(): Promise<void> {
    try {
      const snapshot = await this.load();
      this.users = new Map(Object.entries(snapshot.users));
      this.sessions = new Map(Object.entries(snapshot.sessions));
      if (this.failing) this.logger.info('revocation list is fresh again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn({ err: error }, 'revocation list unavailable: keeping the last one and serving on');
      }
      this.failing = true;
    }
  }

  /**
   * Polls every half delay, counted from the start of the previous poll, so that the time a
   * poll takes does not add to the period; a poll slower than that is followed at once.
   */
  private schedule(previousStart = Date.now()): void {
    const period = (this.maxDelaySeconds * 1000) / 2;
    this.timer = setTimeout(
      () => {
        const start = Date.now();
        void this.refresh().finally(() => this.timer && this.schedule(start));
      },
      Math.max(0, previousStart + period - Date.now()),
    );
    this.timer.unref();
  }
}
