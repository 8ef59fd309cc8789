import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { readConfig, setting } from '@etl/kit';
import { runBootstrapCommand } from './bootstrap/bootstrap-command.js';

const USAGE = `Usage: node dist/cli.js bootstrap [--admin-login LOGIN] [--admin-password PASSWORD | --create-admin]

Migrates the users database (DATABASE_URL) and creates the built-in roles: the deploy step
before the users subgraph starts. With --admin-password (or ETL_ADMIN_PASSWORD), a superuser
with that password exists afterwards; with --create-admin and no password, a missing
superuser is created with a generated password, printed once.`;

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
  await runBootstrapCommand({
    databaseUrl: DATABASE_URL,
    adminLogin: values['admin-login'] ?? (process.env.ETL_ADMIN_LOGIN || 'admin'),
    adminPassword: values['admin-password'] ?? (process.env.ETL_ADMIN_PASSWORD || undefined),
    createAdmin: values['create-admin'],
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
