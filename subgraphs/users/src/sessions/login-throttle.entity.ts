import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Failed-login counters in the database, so that throttling holds across replicas. The key is
 * `login:<login>` or `address:<client address>`; a window restarts once it has passed.
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

  constructor(key: string) {
    this.key = key;
  }
}
