import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, readConfig, setting } from '@etl/kit';
import { bootstrapUsersDatabase } from './bootstrap/bootstrap-database.js';

const USAGE = `Usage: node dist/cli.js bootstrap [--admin-login LOGIN] [--admin-password PASSWORD | --create-admin]

Migrates the users database (DATABASE_URL) and creates the built-in roles. With
--admin-password (or ETL_ADMIN_PASSWORD), a superuser with that password exists afterwards;
with --create-admin and no password, a missing superuser is created with a generated password,
printed once.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'admin-login': { type: 'string' },
      'admin-password': { type: 'string' },
      'create-admin': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals[0] !== 'bootstrap') {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const { DATABASE_URL } = readConfig({ DATABASE_URL: setting.postgresUrl() });
  const login = values['admin-login'] ?? process.env.ETL_ADMIN_LOGIN ?? 'admin';
  const password = values['admin-password'] ?? (process.env.ETL_ADMIN_PASSWORD || undefined);
  const wantsAdmin = password !== undefined || values['create-admin'];
  const result = await bootstrapUsersDatabase({
    databaseUrl: DATABASE_URL,
    ...(wantsAdmin ? { admin: { login, ...(password !== undefined ? { password } : {}) } } : {}),
  });
  console.log('Built-in roles are in place.');
  if (result.superuser) {
    const { outcome, generatedPassword } = result.superuser;
    console.log(`Superuser ${login}: ${outcome}.`);
    if (generatedPassword) console.log(`Generated password for ${login} (shown once): ${generatedPassword}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
