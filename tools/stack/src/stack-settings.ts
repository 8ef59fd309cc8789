import { z } from 'zod';
import { readConfig, setting } from '@etl/kit';

/**
 * What `npm start` / `pnpm etl` read for themselves; everything else in the environment is
 * passed on to the services. Described here for docs/configuration.md.
 */
export const stackSettings = {
  ETL_DATA_DIR: z
    .string()
    .min(1)
    .default('.data')
    .describe(
      'Folder, relative to the repository, of the embedded database, the signing key, stored files and service logs',
    ),
  USERS_DATABASE_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      "External PostgreSQL database (created if missing) for the users subgraph instead of the embedded server's, as the service's role",
    ),
  USERS_DATABASE_OWNER_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      "With `USERS_DATABASE_URL`: the same database as its owner, for migrations and the bootstrap (roles made by `provision-database`); unset: `USERS_DATABASE_URL`'s role does both",
    ),
  SCRIPTS_DATABASE_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      "External PostgreSQL database (created if missing) for the scripts subgraph instead of the embedded server's, as the service's role",
    ),
  SCRIPTS_DATABASE_OWNER_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      "With `SCRIPTS_DATABASE_URL`: the same database as its owner, for migrations and the runner's grants; unset: `SCRIPTS_DATABASE_URL`'s role does both",
    ),
  RUNNER_DATABASE_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      "With `SCRIPTS_DATABASE_URL`: the scripts database as the runners' own role, granted only the run rows and the queue; unset: `SCRIPTS_DATABASE_URL`",
    ),
  ETL_POSTGRES_PORT: setting.port(54329).describe('Port of the embedded PostgreSQL (loopback only)'),
  GATEWAY_PORT: setting.port(4000).describe("The gateway's port"),
  USERS_PORT: setting.port(4001).describe("The users subgraph's port"),
  SCRIPTS_PORT: setting.port(4002).describe("The scripts subgraph's port"),
  LOGS_PORT: setting.port(4003).describe("The logs subgraph's port"),
  RUNNER_PORT: setting.port(4010).describe("The runner's health endpoints' port"),
};

export type StackSettings = z.infer<z.ZodObject<typeof stackSettings>>;

export function readStackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  return readConfig(stackSettings, env);
}
