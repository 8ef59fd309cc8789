import { RateLimitedError } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ThrottlePolicy {
  /** Failures of one login from one address before back-off starts. */
  maxFailuresPerLogin: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
  /** The first back-off; each further failure doubles it, up to `backoffMaxSeconds`. */
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
}

interface Counter {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | string | null;
}

/** Longest login part of a key: keys are at most 300 characters, and an address takes up to 45. */
const KEY_LOGIN_LENGTH = 200;

/**
 * Throttles failed logins, counting in the database so that every replica sees the same numbers
 * (one atomic upsert per key: concurrent failures never lose an increment). Two counters:
 *
 * - one per login *and* address, which backs off exponentially once it passes its allowance, so
 *   that guessing one account from one place slows to a crawl, while the account's owner,
 *   signing in from elsewhere, is never locked out by a stranger's failures (OWASP's and
 *   Keycloak's guidance against lockout as a denial of service);
 * - one per address, across logins, so that one place cannot spray guesses over many accounts.
 *
 * An unknown login is counted exactly like a known one: the answer never tells them apart.
 */
export class LoginThrottle {
  constructor(private readonly policy: ThrottlePolicy) {}

  private pairKey(login: string, address: string | null): string {
    return `login:${login.toLowerCase().slice(0, KEY_LOGIN_LENGTH)}|from:${address ?? 'unknown'}`;
  }

  private addressKey(address: string | null): string | null {
    return address ? `address:${address}` : null;
  }

  /** Throws RATE_LIMITED while the login is backing off from this address, or the address is over its limit. */
  async assertAllowed(em: EntityManager, login: string, address: string | null): Promise<void> {
    const pair = this.pairKey(login, address);
    const addressKey = this.addressKey(address);
    const rows = await em
      .getConnection()
      .execute<Counter[]>(
        `select key, failures, window_started_at, blocked_until from login_throttle where key in (?, ?)`,
        [pair, addressKey ?? pair],
      );
    const now = Date.now();
    let blockedUntil = 0;
    for (const row of rows) {
      if (row.key === pair && row.blocked_until) {
        blockedUntil = Math.max(blockedUntil, new Date(row.blocked_until).getTime());
      }
      if (row.key === addressKey && row.failures >= this.policy.maxFailuresPerAddress) {
        const windowEnds = new Date(row.window_started_at).getTime() + this.policy.windowSeconds * 1000;
        blockedUntil = Math.max(blockedUntil, windowEnds);
      }
    }
    if (blockedUntil > now) {
      const retryAfter = Math.ceil((blockedUntil - now) / 1000);
      throw new RateLimitedError(`Too many failed logins; try again in ${retryAfter} s`, retryAfter);
    }
  }

  async recordFailure(em: EntityManager, login: string, address: string | null): Promise<void> {
    const connection = em.getConnection();
    // Counters whose window and back-off have passed are dead weight; failures (what an attack
    // produces) clear a bounded batch of them, so the table stays small without a scheduled job.
    await connection.execute(
      `delete from login_throttle where key in (
         select key from login_throttle
          where window_started_at <= now() - make_interval(secs => ?) and coalesce(blocked_until, now()) <= now()
          limit 100)`,
      [this.policy.windowSeconds],
    );
    await this.count(em, this.pairKey(login, address), true);
    const addressKey = this.addressKey(address);
    if (addressKey) await this.count(em, addressKey, false);
  }

  /**
   * One more failure under `key`, in a window that restarts once it has passed; with `backOff`,
   * a failure past the allowance blocks the key for base × 2^(failures − allowance − 1) seconds, capped.
   */
  private async count(em: EntityManager, key: string, backOff: boolean): Promise<void> {
    const { windowSeconds, maxFailuresPerLogin, backoffBaseSeconds, backoffMaxSeconds } = this.policy;
    const failures = `case when login_throttle.window_started_at <= now() - make_interval(secs => ${windowSeconds})
                           then 1 else login_throttle.failures + 1 end`;
    const blockedUntil = backOff
      ? `case when ${failures} >= ${maxFailuresPerLogin}
              then now() + make_interval(secs => least(${backoffMaxSeconds},
                     ${backoffBaseSeconds} * power(2, least(${failures} - ${maxFailuresPerLogin}, 30))))
              else login_throttle.blocked_until end`
      : 'null';
    await em.getConnection().execute(
      `insert into login_throttle as login_throttle (key, failures, window_started_at, blocked_until)
       values (?, 1, now(), ${backOff && maxFailuresPerLogin <= 1 ? `now() + make_interval(secs => ${Math.min(backoffBaseSeconds, backoffMaxSeconds)})` : 'null'})
       on conflict (key) do update set
         blocked_until = ${blockedUntil},
         failures = ${failures},
         window_started_at = case when login_throttle.window_started_at <= now() - make_interval(secs => ${windowSeconds})
                                  then now() else login_throttle.window_started_at end`,
      [key],
    );
  }

  /**
   * A successful login clears its login's counter from that address (not the address's own: one
   * good account must not unlock guessing others).
   */
  async recordSuccess(em: EntityManager, login: string, address: string | null): Promise<void> {
    await em.getConnection().execute('delete from login_throttle where key = ?', [this.pairKey(login, address)]);
  }
}
