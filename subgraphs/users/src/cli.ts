import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureLocalKeyPair, readConfig, runProvisionDatabase, setting } from '@etl/kit';
import { runBootstrapCommand } from './bootstrap/bootstrap-command.js';
import { usersSettings } from './config.js';

const USAGE = `Usage:
  node dist/cli.js bootstrap [--admin-login LOGIN] [--admin-password PASSWORD | --create-admin]
  node dist/cli.js keys --dir DIR [--public-dir DIR]
  node dist/cli.js provision-database

bootstrap  Migrates the users database (DATABASE_URL, as its owner) and creates the built-in
           roles: the deploy step before the users subgraph starts. With --admin-password (or
           ETL_ADMIN_PASSWORD, or a file named by ETL_ADMIN_PASSWORD_FILE), a superuser with that password exists afterwards; with
           --create-admin and no password, a missing superuser is created with a generated
           password, printed once.
keys       Writes an RSA signing key (jwt-signing-key.pem) and its public JWKS (jwks.json) into
           DIR, unless a key is there already: JWT_PRIVATE_KEY_FILE for this service,
           JWT_PUBLIC_KEYS_FILE for the others. With --public-dir, jwks.json also goes there:
           a folder the verifying services may mount without seeing the private key.
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
      'public-dir': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (positionals[0] === 'keys' && values.dir) {
    const { kid, jwks } = ensureLocalKeyPair(values.dir);
    const publicDir = values['public-dir'];
    if (publicDir) writeFileSync(join(publicDir, 'jwks.json'), `${jwks}\n`, { mode: 0o644 });
    console.log(`Signing key ${kid} in ${values.dir}${publicDir ? `, its public JWKS in ${publicDir} too` : ''}`);
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
  // Each may come from a file (`<NAME>_FILE`): how compose and Kubernetes hand over secrets.
  const config = readConfig({
    DATABASE_URL: setting.postgresUrl(),
    ETL_ADMIN_LOGIN: usersSettings.ETL_ADMIN_LOGIN,
    ETL_ADMIN_PASSWORD: usersSettings.ETL_ADMIN_PASSWORD,
  });
  await runBootstrapCommand({
    databaseUrl: config.DATABASE_URL,
    adminLogin: values['admin-login'] ?? config.ETL_ADMIN_LOGIN,
    adminPassword: values['admin-password'] ?? config.ETL_ADMIN_PASSWORD,
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
