import { recordAudit, type AuditSource } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { userTarget } from '../users/user-audit-target.js';
import { persistNewAccount, requireFreeLogin } from '../users/new-account.js';
import { UserKind } from '../users/user-kind.js';
import { User } from '../users/user.entity.js';
import { userRules } from '../users/user-rules.js';

/** Service accounts: users for machines, with roles and API tokens and no password. */
export class ServiceAccountService {
  async create(
    em: EntityManager,
    input: { login: string; displayName?: string | null },
    source: AuditSource,
  ): Promise<User> {
    const login = userRules.login(input.login);
    const displayName = userRules.displayName(input.displayName);
    await requireFreeLogin(em, login, User);
    const account = new User(login, null, displayName);
    account.kind = UserKind.SERVICE_ACCOUNT;
    recordAudit(em, source, { action: 'service-account.create', target: userTarget(account) });
    return persistNewAccount(em, account);
  }
}
