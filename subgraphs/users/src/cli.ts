import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ensureLocalKeyPair, readConfig, runProvisionDatabase, setting } from '@etl/kit';
import { runBootstrapCommand } from './bootstrap/bootstrap-command.js';

const USAGE = `Usage:
  node dist/cli.js bootstrap [--admin-login LOGIN] [--admin-password PASSWORD | --create-admin]
  node dist/cli.js keys --dir DIR
  node dist/cli.js provision-database

bootstrap  Migrates the users database (DATABASE_URL) and creates the built-in roles: the
           deploy step before the users subgraph starts. With --admin-password (or
           ETL_ADMIN_PASSWORD), a superuser with that password exists afterwards; with
           --create-admin and no password, a missing superuser is created with a generated
           password, printed once.
keys       Writes an RSA signing key (jwt-signing-key.pem) and its public JWKS (jwks.json) into
           DIR, unless a key is there already: JWT_PRIVATE_KEY_FILE for this service,
           JWT_PUBLIC_KEYS_FILE for the others.
provision-database
           As an administrator (DATABASE_ADMIN_URL): creates the users database owned by the role
           of DATABASE_OWNER_URL, and the service's role of DATABASE_SERVICE_URL with row access
           only. Idempotent; the deploy step before bootstrap, which runs as the owner.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'admin-login': { type: 'string' },
      'admin-password': { type: 'string' },
      'create-admin': { type: 'boolean', default: false },
      dir: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'keys' && values.dir) {
    const { kid } = ensureLocalKeyPair(values.dir);
    console.log(`Signing key ${kid} in ${values.dir}`);
    return 0;
  }
  if (positionals[0] === 'provision-database') {
    console.log(await runProvisionDatabase(process.env));
    return 0;
  }
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
