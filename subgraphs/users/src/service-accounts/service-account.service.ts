import { ConflictError, recordAudit, type AuditSource } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
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
    if (await em.count(User, { loginKey: login.toLowerCase() })) throw new ConflictError(`Login ${login} is taken`);
    const account = new User(login, null, displayName);
    account.kind = UserKind.SERVICE_ACCOUNT;
    em.persist(account);
    recordAudit(em, source, { action: 'service-account.create', target: { type: 'User', id: account.id } });
    try {
      await em.flush();
    } catch (error) {
      if ((error as { name?: string }).name === 'UniqueConstraintViolationException') {
        throw new ConflictError(`Login ${login} is taken`);
      }
      throw error;
    }
    return account;
  }
}
