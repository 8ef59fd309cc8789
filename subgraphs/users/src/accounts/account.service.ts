import { randomBytes } from 'node:crypto';
import { assertUuid, recordAudit, type AuditSource, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ApiToken } from '../api-tokens/api-token.entity.js';
import { DatamoduleAccess } from '../datamodules/datamodule-access.entity.js';
import type { TokenRevocations } from '../revocations/token-revocations.js';
import { passwordHasher } from '../sessions/password-hasher.js';
import { RefreshToken } from '../sessions/refresh-token.entity.js';
import { userTarget } from '../users/user-audit-target.js';
import { UserKind } from '../users/user-kind.js';
import { User } from '../users/user.entity.js';
import { accountErrors } from './account-errors.js';
import { isLastEnabledAdmin } from './last-admin.js';

/** 144 random bits, 24 characters of base64url: typed once, then replaced by the user. */
const ONE_TIME_PASSWORD_BYTES = 18;

/** The login a deleted account keeps: unique, obviously not a person's, and freeing the old one. */
export const deletedLoginOf = (id: string) => `deleted-${id}`;

/**
 * What administrators (`users:admin`) do to accounts: disable and enable, delete, reset a
 * password. Each change that takes something away ends the account's sessions and revokes its
 * access tokens everywhere within REVOCATION_MAX_DELAY_SECONDS. One method per mutation, so that
 * each can record what it did.
 */
export class AccountService {
  constructor(private readonly revocations: TokenRevocations) {}

  /** No sign-in, no refresh, no API token exchange; every access token refused. */
  async disable(em: EntityManager, caller: Caller, userId: string, source: AuditSource): Promise<User> {
    const user = await this.liveUser(em, userId);
    if (user.id === caller.id) throw accountErrors.self('disable');
    if (user.disabledAt) return user;
    if (await isLastEnabledAdmin(em, user)) throw accountErrors.lastAdmin('disable');
    user.disabledAt = new Date();
    await this.endSessions(em, user);
    recordAudit(em, source, { action: 'user.disable', target: userTarget(user), details: { login: user.login } });
    await em.flush();
    return user;
  }

  async enable(em: EntityManager, userId: string, source: AuditSource): Promise<User> {
    const user = await this.liveUser(em, userId);
    if (user.disabledAt) {
      recordAudit(em, source, { action: 'user.enable', target: userTarget(user), details: { login: user.login } });
    }
    user.disabledAt = null;
    await em.flush();
    return user;
  }

  /**
   * Deletes an account but keeps its row: scripts, folders and runs of other subgraphs name
   * their owner by id, and resolve it through federation to this row, shown with `deletedAt`
   * and a `deleted-<id>` login. Everything that let it act (password, roles, sessions, API
   * tokens, datamodule accesses) goes; its login is free for a new account.
   */
  async delete(em: EntityManager, caller: Caller, userId: string, source: AuditSource): Promise<boolean> {
    const user = await this.liveUser(em, userId);
    if (user.id === caller.id) throw accountErrors.self('delete');
    if (await isLastEnabledAdmin(em, user)) throw accountErrors.lastAdmin('delete');
    // The login as it was: the row keeps only `deleted-<id>`.
    recordAudit(em, source, { action: 'user.delete', target: userTarget(user), details: { login: user.login } });
    const now = new Date();
    user.deletedAt = now;
    user.disabledAt ??= now;
    user.login = user.loginKey = deletedLoginOf(user.id);
    user.displayName = null;
    user.passwordHash = null;
    user.passwordChangeRequired = false;
    (await user.roles.init()).removeAll();
    await em.nativeDelete(DatamoduleAccess, { user: user.id });
    await em.nativeUpdate(ApiToken, { owner: user.id, revokedAt: null }, { revokedAt: now });
    await this.endSessions(em, user);
    await em.flush();
    return true;
  }

  /**
   * Gives a person a one-time password, answered once: its sessions end, and until it signs in
   * and calls `changePassword` its tokens carry no permission.
   */
  async resetPassword(
    em: EntityManager,
    userId: string,
    source: AuditSource,
  ): Promise<{ user: User; oneTimePassword: string }> {
    const user = await this.liveUser(em, userId);
    if (user.kind === UserKind.SERVICE_ACCOUNT) throw accountErrors.noPassword();
    const oneTimePassword = randomBytes(ONE_TIME_PASSWORD_BYTES).toString('base64url');
    user.passwordHash = await passwordHasher.hash(oneTimePassword);
    user.passwordChangeRequired = true;
    await this.endSessions(em, user);
    recordAudit(em, source, {
      action: 'user.reset-password',
      target: userTarget(user),
      details: { login: user.login },
    });
    await em.flush();
    return { user, oneTimePassword };
  }

  /** Every refresh token ends now and every access token within the revocation delay. */
  private async endSessions(em: EntityManager, user: User): Promise<void> {
    await em.nativeUpdate(RefreshToken, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
    await this.revocations.revokeUser(em, user.id);
  }

  /** A deleted account is gone for these operations: NOT_FOUND, like an unknown id. */
  private async liveUser(em: EntityManager, userId: string): Promise<User> {
    const user = await em.findOne(User, { id: assertUuid(userId, 'userId'), deletedAt: null });
    if (!user) throw accountErrors.notFound(userId);
    return user;
  }
}
