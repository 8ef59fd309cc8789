import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { User } from '../users/user.entity.js';

/**
 * One refresh token of a session. Rotation marks it used and issues the next one in the same
 * family; presenting a used token again is reuse, and the whole family is revoked. Only the
 * SHA-256 of the token is stored (the token is 256 random bits, so a slow hash adds nothing).
 */
@Entity({ tableName: 'refresh_tokens' })
@Index({ properties: ['family'] })
export class RefreshToken extends BaseEntity {
  @ManyToOne({ entity: () => User, ref: true, deleteRule: 'cascade', index: true })
  user: Ref<User>;

  /** The session: every token rotated from one login shares it. */
  @Property({ type: 'uuid' })
  family: string;

  @Property({ type: 'string', length: 64, unique: true })
  tokenHash: string;

  @Property({ type: 'datetime' })
  expiresAt: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt: Date | null = null;

  constructor(user: Ref<User>, family: string, tokenHash: string, expiresAt: Date) {
    super();
    this.user = user;
    this.family = family;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
  }
}
