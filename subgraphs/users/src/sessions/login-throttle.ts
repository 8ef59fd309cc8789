import { RateLimitedError } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface ThrottlePolicy {
  maxFailuresPerLogin: number;
  maxFailuresPerAddress: number;
  windowSeconds: number;
}

interface Counter {
  key: string;
  failures: number;
  window_started_at: Date;
}

/**
 * Throttles failed logins per login and per client address, counting in the database so that
 * every replica sees the same numbers. Counting is one atomic upsert per key: concurrent
 * failures never lose an increment.
 */
export class LoginThrottle {
  constructor(private readonly policy: ThrottlePolicy) {}

  private keys(login: string, address: string | null): Array<{ key: string; max: number }> {
    const keys = [{ key: `login:${login.toLowerCase()}`, max: this.policy.maxFailuresPerLogin }];
    if (address) keys.push({ key: `address:${address}`, max: this.policy.maxFailuresPerAddress });
    return keys;
  }

  /** Throws RATE_LIMITED while the login or the address is over its limit. */
  async assertAllowed(em: EntityManager, login: string, address: string | null): Promise<void> {
    const keys = this.keys(login, address);
    const rows = await em.getConnection().execute<Counter[]>(
      `select key, failures, window_started_at from login_throttle
        where key in (${keys.map(() => '?').join(', ')})
          and window_started_at > now() - make_interval(secs => ?)`,
      [...keys.map((k) => k.key), this.policy.windowSeconds],
    );
    let retryAfter = 0;
    for (const row of rows) {
      const limit = keys.find((k) => k.key === row.key)?.max ?? Infinity;
      if (row.failures < limit) continue;
      const endsAt = new Date(row.window_started_at).getTime() + this.policy.windowSeconds * 1000;
      retryAfter = Math.max(retryAfter, Math.ceil((endsAt - Date.now()) / 1000));
    }
    if (retryAfter > 0) {
      throw new RateLimitedError(`Too many failed logins; try again in ${retryAfter} s`, retryAfter);
    }
  }

  async recordFailure(em: EntityManager, login: string, address: string | null): Promise<void> {
    // Counters whose window has passed are dead weight; failures (what an attack produces) clear
    // a bounded batch of them, so the table stays small without a scheduled job.
    await em.getConnection().execute(
      `delete from login_throttle where key in (
         select key from login_throttle where window_started_at <= now() - make_interval(secs => ?) limit 100)`,
      [this.policy.windowSeconds],
    );
    for (const { key } of this.keys(login, address)) {
      await em.getConnection().execute(
        `insert into login_throttle (key, failures, window_started_at) values (?, 1, now())
         on conflict (key) do update set
           failures = case when login_throttle.window_started_at <= now() - make_interval(secs => ?)
                           then 1 else login_throttle.failures + 1 end,
           window_started_at = case when login_throttle.window_started_at <= now() - make_interval(secs => ?)
                           then now() else login_throttle.window_started_at end`,
        [key, this.policy.windowSeconds, this.policy.windowSeconds],
      );
    }
  }

  /** A successful login clears its login's counter (not the address's: one good account must not unlock guessing). */
  async recordSuccess(em: EntityManager, login: string): Promise<void> {
    await em.getConnection().execute('delete from login_throttle where key = ?', [`login:${login.toLowerCase()}`]);
  }
}
