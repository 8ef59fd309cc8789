import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  AuthenticationError,
  recordAudit,
  UserInputError,
  type AccessTokenSigner,
  type AuditSource,
  type Caller,
} from '@etl/kit';
import { LockMode, ref, type EntityManager } from '@mikro-orm/postgresql';
import { RegistrationError } from '../registration/registration-errors.js';
import type { NewAccountInput, Registrations } from '../registration/registrations.js';
import { AccountStatus } from '../users/account-status.js';
import { tokenContentOf } from '../users/user-grants.js';
import { User } from '../users/user.entity.js';
import { userRules } from '../users/user-rules.js';
import type { AuthPayload } from './auth-payload.type.js';
import type { LoginThrottle } from './login-throttle.js';
import { passwordHasher } from './password-hasher.js';
import { RefreshToken, type SessionOrigin } from './refresh-token.entity.js';
import { accountErrors } from '../accounts/account-errors.js';
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
    private readonly registrations: Registrations,
  ) {}

  async register(
    em: EntityManager,
    input: NewAccountInput,
    origin: SessionOrigin,
    source: AuditSource,
  ): Promise<AuthPayload> {
    const user = await this.registrations.register(em, input, source);
    return this.startSession(em, user, randomUUID(), origin);
  }

  /**
   * Signs in with a password. A service account (no password) and a deleted account (no
   * password, a `deleted-` login) answer like a wrong password; a disabled account is told so,
   * but only once the password matched.
   */
  async login(
    em: EntityManager,
    login: string,
    password: string,
    origin: SessionOrigin,
    source: AuditSource,
  ): Promise<AuthPayload> {
    const key = login.slice(0, 256);
    const address = origin.address;
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
    // Said only to whoever knows the password: a stranger learns nothing about the account.
    if (user.disabledAt) throw accountErrors.disabled();
    if (user.status === AccountStatus.PENDING) throw RegistrationError.pendingApproval(user.login);
    const family = randomUUID();
    recordAudit(em, source, {
      action: 'session.login',
      actor: { id: user.id, login: user.login },
      target: { type: 'Session', id: family },
    });
    return this.startSession(em, user, family, origin);
  }

  /**
   * Rotates a refresh token. A token used before is reuse (a stolen copy, or a client replaying
   * an old one): the whole family is revoked, committed before the caller gets its error.
   */
  async refresh(em: EntityManager, token: string, origin: SessionOrigin, source: AuditSource): Promise<AuthPayload> {
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
      if (user.disabledAt) return { kind: 'invalid' as const };
      const session = { ...origin, sessionStartedAt: current.sessionStartedAt };
      return { kind: 'rotated' as const, payload: await this.startSession(tx, user, current.family, session) };
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
    await this.revocations.revokeSessions(em, caller.id, [current.family]);
    recordAudit(em, source, { action: 'session.logout', target: { type: 'Session', id: current.family } });
    await em.flush();
    return revoked > 0;
  }

  async logoutAll(em: EntityManager, caller: Caller, source: AuditSource): Promise<boolean> {
    await em.nativeUpdate(RefreshToken, { user: caller.id, revokedAt: null }, { revokedAt: new Date() });
    await this.revocations.revokeUser(em, caller.id);
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
    // A reset password is replaced: the session's next refresh carries the permissions again.
    user.passwordChangeRequired = false;
    const others = {
      user: caller.id,
      revokedAt: null,
      ...(caller.sessionId ? { family: { $ne: caller.sessionId } } : {}),
    };
    const ended = await em.find(RefreshToken, others, { fields: ['family'] });
    await this.revocations.revokeSessions(
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

  /**
   * Issues a session's next pair. While a reset password waits to be changed, the access token
   * carries no permission and no datamodule grant: it is good for `changePassword` (and `me`,
   * `logout`) and nothing else.
   */
  private async startSession(
    em: EntityManager,
    user: User,
    family: string,
    origin: SessionOrigin,
  ): Promise<AuthPayload> {
    // Expired tokens of this user can never be presented again, not even as reuse: drop them.
    await em.nativeDelete(RefreshToken, { user: user.id, expiresAt: { $lt: new Date() } });
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshTokenExpiresAt = new Date(Date.now() + this.refreshTtlSeconds * 1000);
    em.persist(new RefreshToken(ref(user), family, hashRefreshToken(refreshToken), refreshTokenExpiresAt, origin));
    await em.flush();
    const content = await tokenContentOf(em, user);
    const restricted = user.passwordChangeRequired;
    const grants = { ...content, ...(restricted ? { perms: [], dm: {} } : {}), sid: family };
    const { token, expiresAt } = this.signer.sign(grants, await this.revocations.issueTime(em, user.id));
    return {
      accessToken: token,
      refreshToken,
      expiresAt,
      refreshTokenExpiresAt,
      user,
      passwordChangeRequired: restricted,
      grants,
    };
  }
}
