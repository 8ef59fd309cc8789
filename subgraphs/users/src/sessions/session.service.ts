import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  ConflictError,
  recordAudit,
  UserInputError,
  type AccessTokenSigner,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { LockMode, ref, type EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../roles/role.entity.js';
import { VIEWER_ROLE } from '../roles/built-in-roles.js';
import { tokenContentOf } from '../users/user-grants.js';
import { User } from '../users/user.entity.js';
import { userRules } from '../users/user-rules.js';
import type { AuthPayload } from './auth-payload.type.js';
import type { LoginThrottle } from './login-throttle.js';
import { passwordHasher } from './password-hasher.js';
import { RefreshToken } from './refresh-token.entity.js';
import type { TokenRevocations } from '../revocations/token-revocations.js';

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Registration, login, refresh-token rotation with reuse detection, logout and password change. */
export class SessionService {
  constructor(
    private readonly signer: AccessTokenSigner,
    private readonly throttle: LoginThrottle,
    private readonly refreshTtlSeconds: number,
    private readonly revocations: TokenRevocations,
  ) {}

  async register(
    em: EntityManager,
    input: { login: string; password: string; displayName?: string | null },
    source: AuditSource,
  ): Promise<AuthPayload> {
    const login = userRules.login(input.login);
    userRules.password(input.password);
    const displayName = userRules.displayName(input.displayName);
    if (await em.count(User, { loginKey: login.toLowerCase() })) throw new ConflictError(`Login ${login} is taken`);
    const viewer = await em.findOneOrFail(Role, { name: VIEWER_ROLE });
    const user = new User(login, await passwordHasher.hash(input.password), displayName);
    user.roles.add(viewer);
    em.persist(user);
    recordAudit(em, source, {
      action: 'user.register',
      actor: { id: user.id, login: user.login },
      target: { type: 'User', id: user.id },
    });
    try {
      await em.flush();
    } catch (error) {
      // Two registrations of one login raced past the check: the unique index decides.
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new ConflictError(`Login ${login} is taken`);
      }
      throw error;
    }
    return this.startSession(em, user, randomUUID());
  }

  async login(em: EntityManager, login: string, password: string, source: AuditSource): Promise<AuthPayload> {
    const key = login.slice(0, 256);
    const address = source.clientAddress;
    try {
      await this.throttle.assertAllowed(em, key, address);
    } catch (error) {
      await this.recordFailedLogin(em, source, key, 'rate-limited');
      throw error;
    }
    const user = await em.findOne(User, { loginKey: key.toLowerCase() });
    const valid = user
      ? await passwordHasher.verify(user.passwordHash, password)
      : await passwordHasher.verifyDecoy(password);
    if (!user || !valid) {
      await this.throttle.recordFailure(em, key, address);
      await this.recordFailedLogin(em, source, key, 'invalid-credentials');
      throw AuthenticationError.invalidCredentials();
    }
    await this.throttle.recordSuccess(em, key, address);
    const family = randomUUID();
    recordAudit(em, source, {
      action: 'session.login',
      actor: { id: user.id, login: user.login },
      target: { type: 'Session', id: family },
    });
    return this.startSession(em, user, family);
  }

  /**
   * Rotates a refresh token. A token used before is reuse (a stolen copy, or a client replaying
   * an old one): the whole family is revoked, committed before the caller gets its error.
   */
  async refresh(em: EntityManager, token: string, source: AuditSource): Promise<AuthPayload> {
    const outcome = await em.transactional(async (tx) => {
      const current = await tx.findOne(
        RefreshToken,
        { tokenHash: hashRefreshToken(token) },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!current || current.revokedAt) return { kind: 'invalid' as const };
      if (current.usedAt) {
        await tx.nativeUpdate(RefreshToken, { family: current.family, revokedAt: null }, { revokedAt: new Date() });
        recordAudit(tx, source, {
          action: 'session.refresh-reused',
          actor: { id: current.user.id, login: null },
          target: { type: 'Session', id: current.family },
        });
        return { kind: 'reused' as const, family: current.family };
      }
      if (current.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' as const };
      current.usedAt = new Date();
      const user = await tx.findOneOrFail(User, current.user.id);
      return { kind: 'rotated' as const, payload: await this.startSession(tx, user, current.family) };
    });
    if (outcome.kind === 'rotated') return outcome.payload;
    throw AuthenticationError.invalidRefreshToken();
  }

  /** Ends the session the refresh token belongs to, if it is the caller's. */
  async logout(em: EntityManager, caller: Caller, token: string, source: AuditSource): Promise<boolean> {
    const current = await em.findOne(RefreshToken, { tokenHash: hashRefreshToken(token), user: caller.id });
    if (!current) return false;
    const revoked = await em.nativeUpdate(
      RefreshToken,
      { family: current.family, revokedAt: null },
      { revokedAt: new Date() },
    );
    this.revocations.revokeSessions(em, caller.id, [current.family]);
    recordAudit(em, source, { action: 'session.logout', target: { type: 'Session', id: current.family } });
    await em.flush();
    return revoked > 0;
  }

  async logoutAll(em: EntityManager, caller: Caller, source: AuditSource): Promise<boolean> {
    await em.nativeUpdate(RefreshToken, { user: caller.id, revokedAt: null }, { revokedAt: new Date() });
    this.revocations.revokeUser(em, caller.id);
    recordAudit(em, source, { action: 'session.logout-all', target: { type: 'User', id: caller.id } });
    await em.flush();
    return true;
  }

  /** Changes the caller's password and ends every other session (the current one, `sid`, stays). */
  async changePassword(
    em: EntityManager,
    caller: Caller,
    current: string,
    next: string,
    source: AuditSource,
  ): Promise<boolean> {
    userRules.password(next, 'newPassword');
    const address = source.clientAddress;
    await this.throttle.assertAllowed(em, caller.login, address);
    const user = await em.findOne(User, caller.id);
    if (!user) throw AuthenticationError.required();
    if (!(await passwordHasher.verify(user.passwordHash, current))) {
      await this.throttle.recordFailure(em, caller.login, address);
      recordAudit(em, source, { action: 'user.change-password-failed', target: { type: 'User', id: caller.id } });
      await em.flush();
      throw new UserInputError('Current password is wrong', 'currentPassword');
    }
    user.passwordHash = await passwordHasher.hash(next);
    const others = {
      user: caller.id,
      revokedAt: null,
      ...(caller.sessionId ? { family: { $ne: caller.sessionId } } : {}),
    };
    const ended = await em.find(RefreshToken, others, { fields: ['family'] });
    this.revocations.revokeSessions(
      em,
      caller.id,
      ended.map((token) => token.family),
    );
    recordAudit(em, source, { action: 'user.change-password', target: { type: 'User', id: caller.id } });
    await em.flush();
    await em.nativeUpdate(RefreshToken, others, { revokedAt: new Date() });
    return true;
  }

  /**
   * A failed login, committed before the caller gets its error. It names the login as typed and
   * never the user it belongs to, so the log tells no more than the login's answer did.
   */
  private async recordFailedLogin(
    em: EntityManager,
    source: AuditSource,
    login: string,
    reason: 'invalid-credentials' | 'rate-limited',
  ): Promise<void> {
    recordAudit(em, source, {
      action: 'session.login-failed',
      actor: { id: null, login },
      target: { type: 'Session' },
      details: { reason },
    });
    await em.flush();
  }

  private async startSession(em: EntityManager, user: User, family: string): Promise<AuthPayload> {
    // Expired tokens of this user can never be presented again, not even as reuse: drop them.
    await em.nativeDelete(RefreshToken, { user: user.id, expiresAt: { $lt: new Date() } });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(Date.now() + this.refreshTtlSeconds * 1000);
    em.persist(new RefreshToken(ref(user), family, hashRefreshToken(refreshToken), refreshTokenExpiresAt));
    await em.flush();
    const grants = { ...(await tokenContentOf(em, user)), sid: family };
    const { token, expiresAt } = this.signer.sign(grants, await this.revocations.issueTime(em, user.id));
    return { accessToken: token, refreshToken, expiresAt, refreshTokenExpiresAt, user, grants };
  }
}
