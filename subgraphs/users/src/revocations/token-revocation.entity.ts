import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Access tokens of a user (or of one session of it) issued before `notBefore` no longer count.
 * No foreign key: a deleted user's tokens must stay revoked. Rows past `expiresAt` (when every
 * token they could refuse has expired anyway) are no longer published and are deleted.
 */
@Entity({ tableName: 'token_revocations' })
@Index({ properties: ['userId'] })
export class TokenRevocation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  userId: string;

  /** A refresh-token family or an API token; null revokes every token of the user. */
  @Property({ type: 'uuid', nullable: true })
  sessionId: string | null;

  /** In whole seconds, like a token's `iat`: the second after the revocation. */
  @Property({ type: 'datetime' })
  notBefore: Date;

  @Property({ type: 'datetime', index: true })
  expiresAt: Date;

  constructor(userId: string, sessionId: string | null, notBefore: Date, expiresAt: Date) {
    this.userId = userId;
    this.sessionId = sessionId;
    this.notBefore = notBefore;
    this.expiresAt = expiresAt;
  }
}
