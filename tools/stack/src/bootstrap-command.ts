import { bootstrapUsersDatabase } from '@etl/users';
import { openStackDatabases } from './stack-databases.js';

/** `pnpm etl bootstrap`: migrations, built-in roles and optionally a superuser, with no server running. */
export async function runBootstrap(admin: {
  login?: string | undefined;
  password?: string | undefined;
}): Promise<number> {
  const databases = await openStackDatabases(process.env);
  try {
    const login = admin.login ?? process.env.ETL_ADMIN_LOGIN ?? 'admin';
    const password = admin.password ?? (process.env.ETL_ADMIN_PASSWORD || undefined);
    const wantsAdmin = admin.login !== undefined || password !== undefined;
    const result = await bootstrapUsersDatabase({
      databaseUrl: databases.users,
      ...(wantsAdmin ? { admin: { login, ...(password !== undefined ? { password } : {}) } } : {}),
    });
    console.log('Users database migrated; built-in roles in place.');
    if (result.superuser) {
      console.log(`Superuser ${result.superuser.login}: ${result.superuser.outcome}.`);
      if (result.superuser.generatedPassword) {
        console.log(
          `Generated password for ${result.superuser.login} (shown once): ${result.superuser.generatedPassword}`,
        );
      }
    }
    return 0;
  } finally {
    await databases.close();
  }
}
