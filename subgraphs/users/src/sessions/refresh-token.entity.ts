import { Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { BaseEntity } from '@etl/kit';
import { User } from '../users/user.entity.js';

/** Where a session's request came from; a rotation passes on the session's start. */
export interface SessionOrigin {
  userAgent: string | null;
  address: string | null;
  sessionStartedAt?: Date;
}

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

  /** Where the session was signed in or last refreshed from: for the user's list of sessions. */
  @Property({ type: 'string', length: 256, nullable: true })
  userAgent: string | null;

  @Property({ type: 'string', length: 64, nullable: true })
  address: string | null;

  /** When the session's first token was issued (the sign-in); each rotation copies it. */
  @Property({ type: 'datetime' })
  sessionStartedAt: Date;

  constructor(user: Ref<User>, family: string, tokenHash: string, expiresAt: Date, origin: SessionOrigin) {
    super();
    this.user = user;
    this.family = family;
    this.tokenHash = tokenHash;
    this.expiresAt = expiresAt;
    this.userAgent = origin.userAgent?.slice(0, 256) ?? null;
    this.address = origin.address?.slice(0, 64) ?? null;
    this.sessionStartedAt = origin.sessionStartedAt ?? new Date();
  }
}
