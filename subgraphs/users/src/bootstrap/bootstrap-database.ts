import { createLogger, openDatabase } from '@etl/kit';
import { usersEntities } from '../entities.js';
import { usersMigrations } from '../migrations/index.js';
import { ensureBuiltInRoles, ensureSuperuser, type SuperuserOutcome } from './bootstrap.js';

export interface BootstrapOptions {
  databaseUrl: string;
  /** Make sure this superuser exists; omit to only migrate and create the built-in roles. */
  admin?: { login: string; password?: string };
}

export interface BootstrapResult {
  superuser?: { login: string; outcome: SuperuserOutcome; generatedPassword?: string };
}

/**
 * Migrates the users database and creates the built-in roles and, when asked, a superuser, with
 * no server running. Idempotent: run it on every deploy or start.
 */
export async function bootstrapUsersDatabase(options: BootstrapOptions): Promise<BootstrapResult> {
  const orm = await openDatabase({
    url: options.databaseUrl,
    poolMax: 2,
    entities: usersEntities,
    migrations: usersMigrations,
    migrate: true,
    logger: createLogger('users-bootstrap', 'warn'),
  });
  try {
    const em = orm.em.fork();
    await ensureBuiltInRoles(em);
    if (!options.admin) return {};
    const result = await ensureSuperuser(em, options.admin.login, options.admin.password);
    return { superuser: { login: options.admin.login, ...result } };
  } finally {
    await orm.close();
  }
}
