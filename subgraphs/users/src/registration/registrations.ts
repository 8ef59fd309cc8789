import {
  assertUuid,
  ConfigError,
  ConflictError,
  NotFoundError,
  recordAudit,
  UserInputError,
  type AuditSource,
} from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Role } from '../roles/role.entity.js';
import { passwordHasher } from '../sessions/password-hasher.js';
import { AccountStatus } from '../users/account-status.js';
import { userTarget } from '../users/user-audit-target.js';
import { persistNewAccount, requireFreeLogin } from '../users/new-account.js';
import { User } from '../users/user.entity.js';
import { userRules } from '../users/user-rules.js';
import { RegistrationError } from './registration-errors.js';
import type { RegistrationMode } from './registration-settings.js';

/** What `register` and `createUser` take. */
export interface NewAccountInput {
  login: string;
  password: string;
  displayName?: string | null;
}

export const PENDING_PAGE_DEFAULT = 50;
export const PENDING_PAGE_MAX = 100;

/**
 * Who gets an account, and how: `register` by anyone (REGISTRATION=open), by anyone and then
 * approved (approval), or only `createUser` by a holder of `users:admin` (closed). Every new
 * account gets NEW_ACCOUNT_ROLE and nothing more: nobody grants themselves a role.
 */
export class Registrations {
  constructor(
    readonly mode: RegistrationMode,
    private readonly newAccountRole: string,
  ) {}

  /** Refuses to start with a NEW_ACCOUNT_ROLE that names no role: every registration would fail. */
  async checkNewAccountRole(em: EntityManager): Promise<void> {
    if (!(await em.count(Role, { name: this.newAccountRole }))) {
      throw new ConfigError([`NEW_ACCOUNT_ROLE: no role is named ${JSON.stringify(this.newAccountRole)}`]);
    }
  }

  /**
   * `register`: the new ACTIVE account under `open`; under `approval` the account is stored
   * PENDING and the caller is told so (ACCOUNT_PENDING_APPROVAL); under `closed`, nothing is
   * looked at before the refusal, not even whether the login exists.
   */
  async register(em: EntityManager, input: NewAccountInput, source: AuditSource): Promise<User> {
    if (this.mode === 'closed') throw RegistrationError.closed();
    const status = this.mode === 'approval' ? AccountStatus.PENDING : AccountStatus.ACTIVE;
    const user = await this.createAccount(em, input, status, (account) =>
      recordAudit(em, source, {
        action: 'user.register',
        actor: { id: account.id, login: account.login },
        target: userTarget(account),
        details: { status },
      }),
    );
    if (status === AccountStatus.PENDING) throw RegistrationError.pendingApproval(user.login);
    return user;
  }

  /** `createUser`: an ACTIVE account, whatever REGISTRATION says. */
  create(em: EntityManager, input: NewAccountInput, source: AuditSource): Promise<User> {
    return this.createAccount(em, input, AccountStatus.ACTIVE, (account) =>
      recordAudit(em, source, {
        action: 'user.create',
        target: userTarget(account),
        details: { login: account.login },
      }),
    );
  }

  /** Registrations waiting for approval, oldest first. */
  pending(em: EntityManager, first: number | null): Promise<User[]> {
    const limit = first ?? PENDING_PAGE_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > PENDING_PAGE_MAX) {
      throw new UserInputError(`first must be 1–${PENDING_PAGE_MAX}`, 'first');
    }
    return em.find(User, { status: AccountStatus.PENDING }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit });
  }

  /** Lets a PENDING account sign in. */
  async approve(em: EntityManager, userId: string, source: AuditSource): Promise<User> {
    const user = await this.pendingAccount(em, userId);
    user.status = AccountStatus.ACTIVE;
    recordAudit(em, source, {
      action: 'registration.approve',
      target: userTarget(user),
      details: { login: user.login },
    });
    await em.flush();
    return user;
  }

  /** Deletes a PENDING account: its login is free again. */
  async reject(em: EntityManager, userId: string, source: AuditSource): Promise<boolean> {
    const user = await this.pendingAccount(em, userId);
    recordAudit(em, source, {
      action: 'registration.reject',
      target: userTarget(user),
      details: { login: user.login },
    });
    await em.remove(user).flush();
    return true;
  }

  private async pendingAccount(em: EntityManager, userId: string): Promise<User> {
    const user = await em.findOne(User, assertUuid(userId, 'userId'));
    if (!user) throw NotFoundError.entity('User', userId);
    if (user.status !== AccountStatus.PENDING) {
      throw new ConflictError(`User ${user.login} is not waiting for approval (${user.status})`);
    }
    return user;
  }

  /** `record` adds the account's audit event, stored with the account in one flush. */
  private async createAccount(
    em: EntityManager,
    input: NewAccountInput,
    status: AccountStatus,
    record: (account: User) => void,
  ): Promise<User> {
    const login = userRules.login(input.login);
    userRules.password(input.password);
    const displayName = userRules.displayName(input.displayName);
    await requireFreeLogin(em, login, User);
    const role = await em.findOneOrFail(Role, { name: this.newAccountRole });
    const user = new User(login, await passwordHasher.hash(input.password), displayName);
    user.status = status;
    user.roles.add(role);
    record(user);
    return persistNewAccount(em, user);
  }
}
