import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed-login counters in the database, so that throttling holds across replicas. The key is
 * `login:<login>|from:<client address>` or `address:<client address>`; a window restarts once it
 * has passed, and a login backing off from an address is blocked until `blockedUntil`.
 */
@Entity({ tableName: 'login_throttle' })
export class LoginThrottle {
  @PrimaryKey({ type: 'string', length: 300 })
  key: string;

  @Property({ type: 'integer' })
  failures: number = 0;

  @Index()
  @Property({ type: 'datetime' })
  windowStartedAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  blockedUntil: Date | null = null;

  constructor(key: string) {
    this.key = key;
  }
}
