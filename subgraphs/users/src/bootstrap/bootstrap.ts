import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ADMIN_ROLE, BUILT_IN_ROLES } from '../roles/built-in-roles.js';
import { Role } from '../roles/role.entity.js';
import { passwordHasher } from '../sessions/password-hasher.js';
import { User } from '../users/user.entity.js';
import { userRules } from '../users/user-rules.js';

/** Creates the built-in roles, or puts them back as the contract defines them. Idempotent. */
export async function ensureBuiltInRoles(em: EntityManager): Promise<void> {
  const existing = new Map(
    (await em.find(Role, { name: { $in: BUILT_IN_ROLES.map((r) => r.name) } })).map((r) => [r.name, r]),
  );
  for (const definition of BUILT_IN_ROLES) {
    const role = existing.get(definition.name) ?? new Role(definition.name, [], null);
    em.persist(role);
    role.permissions = [...definition.permissions].sort();
    role.description = definition.description;
    role.builtIn = true;
  }
  await em.flush();
}

export type SuperuserOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Makes sure a superuser with this login exists and holds `admin`. With a password, the user
 * has that password afterwards; without one, an existing user keeps theirs and a new user gets
 * a generated password, returned so the caller can show it once.
 */
export async function ensureSuperuser(
  em: EntityManager,
  login: string,
  password: string | undefined,
): Promise<{ outcome: SuperuserOutcome; generatedPassword?: string }> {
  userRules.login(login);
  if (password !== undefined) userRules.password(password, 'ETL_ADMIN_PASSWORD');
  const admin = await em.findOneOrFail(Role, { name: ADMIN_ROLE });
  let user: User | null = await em.findOne(User, { loginKey: login.toLowerCase() }, { populate: ['roles'] });
  let outcome: SuperuserOutcome = 'unchanged';
  let generatedPassword: string | undefined;
  if (!user) {
    generatedPassword = password === undefined ? randomBytes(18).toString('base64url') : undefined;
    user = new User(login, await passwordHasher.hash(password ?? generatedPassword!), 'Administrator');
    em.persist(user);
    outcome = 'created';
  } else if (password !== undefined && !(await passwordHasher.verify(user.passwordHash, password))) {
    user.passwordHash = await passwordHasher.hash(password);
    outcome = 'updated';
  }
  if (!user.roles.contains(admin)) {
    user.roles.add(admin);
    if (outcome === 'unchanged') outcome = 'updated';
  }
  await em.flush();
  return { outcome, ...(generatedPassword ? { generatedPassword } : {}) };
}
