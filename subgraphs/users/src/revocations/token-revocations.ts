import type { RevocationSnapshot } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TokenRevocation } from './token-revocation.entity.js';

/** Where every service reads the list (not part of the public API; the gateway does not route it). */
export const REVOCATIONS_PATH = '/auth/revocations';

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Records revocations and publishes them. A revocation refuses tokens whose `iat` is before the
 * next whole second; a token issued for that user afterwards is dated no earlier than that
 * second (`issueTime`), so a new sign-in in the same second is not caught by it.
 */
export class TokenRevocations {
  /** `accessTokenTtlSeconds` plus a margin for clock skew: after that, every refused token expired. */
  constructor(private readonly accessTokenTtlSeconds: number) {}

  /**
   * Every access token of the user issued until now stops counting (logoutAll, role change,
   * disable). Tokens issued since the user's previous revocation are dated no earlier than its
   * second (`issueTime`), so this one must lie at least a second later: two revocations within
   * one second (a role given, a sign-in, the role taken) once shared a second, and the token
   * dated to it survived the second revocation.
   */
  async revokeUser(em: EntityManager, userId: string): Promise<void> {
    const latest = await this.latestUserRevocation(em, userId);
    const after = latest ? latest.notBefore.getTime() + 1000 : 0;
    em.persist(this.revocation(userId, null, after));
  }

  /** Every access token of one session (refresh-token family, API token) stops counting. */
  revokeSessions(em: EntityManager, userId: string, sessionIds: Iterable<string>): void {
    for (const sessionId of new Set(sessionIds)) em.persist(this.revocation(userId, sessionId));
  }

  /** The instant to date a new token of `userId` by: now, or the end of its latest revocation's second. */
  async issueTime(em: EntityManager, userId: string): Promise<number> {
    const latest = await this.latestUserRevocation(em, userId);
    return Math.max(Date.now(), latest?.notBefore.getTime() ?? 0);
  }

  /** The user's live per-user revocation with the latest second, including one not flushed yet. */
  private async latestUserRevocation(em: EntityManager, userId: string): Promise<TokenRevocation | null> {
    return em.findOne(
      TokenRevocation,
      { userId, sessionId: null, expiresAt: { $gt: new Date() } },
      { orderBy: { notBefore: 'desc' } },
    );
  }

  async snapshot(em: EntityManager): Promise<RevocationSnapshot> {
    const now = new Date();
    await em.nativeDelete(TokenRevocation, { expiresAt: { $lte: now } });
    const rows = await em.find(TokenRevocation, { expiresAt: { $gt: now } }, { orderBy: { notBefore: 'asc' } });
    const snapshot: RevocationSnapshot = { users: {}, sessions: {} };
    for (const row of rows) {
      const table = row.sessionId ? snapshot.sessions : snapshot.users;
      const key = row.sessionId ?? row.userId;
      table[key] = Math.max(table[key] ?? 0, seconds(row.notBefore));
    }
    return snapshot;
  }

  private revocation(userId: string, sessionId: string | null, notBeforeAtLeast = 0): TokenRevocation {
    const notBefore = new Date(Math.max((Math.floor(Date.now() / 1000) + 1) * 1000, notBeforeAtLeast));
    const expiresAt = new Date(notBefore.getTime() + (this.accessTokenTtlSeconds + 60) * 1000);
    return new TokenRevocation(userId, sessionId, notBefore, expiresAt);
  }
}
