import { runBootstrapCommand } from '@etl/users';
import { openStackDatabases } from './stack-databases.js';

/** `pnpm etl bootstrap`: the users bootstrap on the stack's database (embedded unless USERS_DATABASE_URL). */
export async function runBootstrap(admin: {
  login?: string | undefined;
  password?: string | undefined;
}): Promise<number> {
  const databases = await openStackDatabases(process.env);
  try {
    await runBootstrapCommand({
      databaseUrl: databases.users.ownerUrl,
      adminLogin: admin.login ?? (process.env.ETL_ADMIN_LOGIN || 'admin'),
      adminPassword: admin.password ?? (process.env.ETL_ADMIN_PASSWORD || undefined),
      createAdmin: admin.login !== undefined,
    });
    return 0;
  } finally {
    await databases.close();
  }
}
