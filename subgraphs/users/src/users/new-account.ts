import { ConflictError } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { User } from './user.entity.js';

function loginTaken(login: string): ConflictError {
  return new ConflictError(`Login ${login} is taken`);
}

/** Refuses a login that another account has, in any letter case. */
export async function requireFreeLogin(em: EntityManager, login: string, model: typeof User): Promise<void> {
  if (await em.count(model, { loginKey: login.toLowerCase() })) throw loginTaken(login);
}

/** Stores a new account; two creations of one login that raced past the check meet the unique index. */
export async function persistNewAccount(em: EntityManager, user: User): Promise<User> {
  try {
    await em.persist(user).flush();
  } catch (error) {
    if ((error as { name?: string }).name === 'UniqueConstraintViolationException') throw loginTaken(user.login);
    throw error;
  }
  return user;
}
