import type { z } from 'zod';
import { readConfig, setting } from '../config/read-config.js';
import { databaseOfUrl, provisionServiceDatabase, roleOfUrl } from './service-database-roles.js';

/**
 * What `provision-database` (the users and scripts CLIs) reads: the deploy step before the
 * migrations, run as an administrator. The roles and the database come from the URLs the
 * migrations and the service use, so that each is written once.
 */
export const databaseProvisionSettings = {
  DATABASE_ADMIN_URL: setting
    .postgresUrl()
    .describe(
      '`provision-database` only: `postgres://` URL of a superuser (or a role with CREATEROLE and CREATEDB) that creates the roles and the database; use `DATABASE_ADMIN_URL_FILE`',
    ),
  DATABASE_OWNER_URL: setting
    .postgresUrl()
    .describe(
      "`provision-database` only: the database's owner, as the migrations connect (role, password and database from the URL)",
    ),
  DATABASE_SERVICE_URL: setting
    .postgresUrl()
    .describe(
      "`provision-database` only: the service's own role, as the service connects (the service's `DATABASE_URL`)",
    ),
};

/**
 * Creates the database of `DATABASE_OWNER_URL` owned by its role, and the service's role with
 * row access only (see provisionServiceDatabase); `otherSettings` name further URLs whose roles
 * may connect with no privilege yet (the runner's, granted by `scripts grant-runner`).
 */
export async function runProvisionDatabase(
  env: NodeJS.ProcessEnv,
  otherSettings: Record<string, z.ZodTypeAny> = {},
): Promise<string> {
  const config = readConfig({ ...databaseProvisionSettings, ...otherSettings }, env) as Record<string, unknown> &
    z.infer<z.ZodObject<typeof databaseProvisionSettings>>;
  const database = databaseOfUrl(config.DATABASE_OWNER_URL);
  if (databaseOfUrl(config.DATABASE_SERVICE_URL) !== database) {
    throw new Error('DATABASE_SERVICE_URL must name the database of DATABASE_OWNER_URL');
  }
  const others = Object.keys(otherSettings)
    .map((name) => config[name])
    .filter((url): url is string => typeof url === 'string');
  await provisionServiceDatabase(config.DATABASE_ADMIN_URL, {
    database,
    owner: roleOfUrl(config.DATABASE_OWNER_URL),
    service: roleOfUrl(config.DATABASE_SERVICE_URL),
    others: others.map(roleOfUrl),
  });
  return `Database ${database} ready: owner ${roleOfUrl(config.DATABASE_OWNER_URL).name}, service ${roleOfUrl(config.DATABASE_SERVICE_URL).name}`;
}
