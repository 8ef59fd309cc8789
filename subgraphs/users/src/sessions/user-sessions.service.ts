import { assertUuid, NotFoundError, recordAudit, type AuditSource, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TokenRevocations } from '../revocations/token-revocations.js';
import { RefreshToken } from './refresh-token.entity.js';
import type { SessionInfo } from './session-info.type.js';

/** A user's live sessions, listed and ended one by one: one's own, or anyone's with `users:admin`. */
export class UserSessionsService {
  constructor(private readonly revocations: TokenRevocations) {}

  /** Live sessions, most recently used first: each has exactly one unused, unrevoked, unexpired token. */
  async list(em: EntityManager, caller: Caller, userId: string | null | undefined): Promise<SessionInfo[]> {
    const ownerId = userId ? assertUuid(userId, 'userId') : caller.id;
    if (ownerId !== caller.id) caller.require('users:admin');
    const latest = await em.find(
      RefreshToken,
      { user: ownerId, usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { createdAt: 'desc', id: 'asc' } },
    );
    return latest.map((token) => ({
      id: token.family,
      userAgent: token.userAgent,
      address: token.address,
      createdAt: token.sessionStartedAt,
      lastUsedAt: token.createdAt,
      expiresAt: token.expiresAt,
      current: ownerId === caller.id && token.family === caller.sessionId,
    }));
  }

  /**
   * Ends a session: its refresh token stops working now, its access tokens within the revocation
   * delay. Someone else's session is NOT_FOUND unless the caller holds `users:admin`; false when
   * the session had already ended.
   */
  async revoke(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    const family = assertUuid(id);
    const token = await em.findOne(RefreshToken, { family }, { orderBy: { createdAt: 'desc' } });
    if (!token || (token.user.id !== caller.id && !caller.can('users:admin'))) {
      throw NotFoundError.entity('Session', id);
    }
    const ended = await em.nativeUpdate(RefreshToken, { family, revokedAt: null }, { revokedAt: new Date() });
    if (ended === 0) return false;
    await this.revocations.revokeSessions(em, token.user.id, [family]);
    recordAudit(em, source, {
      action: 'session.revoke',
      target: { type: 'Session', id: family },
      details: { userId: token.user.id },
    });
    await em.flush();
    return true;
  }
}
