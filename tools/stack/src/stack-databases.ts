import { join } from 'node:path';
import { dataDir } from './paths.js';
import { provisionServiceDatabase, type DatabaseRole } from '@etl/kit';
import { ensureDatabase, startEmbeddedPostgres, type DatabaseServer } from './databases.js';
import { ensureLocalSecret } from './local-secret.js';
import { readStackSettings } from './stack-settings.js';

/**
 * The subgraphs that own a database, with the variables that point one at external PostgreSQL:
 * the service's role, and optionally the database's owner (else the service's role does both).
 */
const OWNERS = {
  users: { service: 'USERS_DATABASE_URL', owner: 'USERS_DATABASE_OWNER_URL' },
  scripts: { service: 'SCRIPTS_DATABASE_URL', owner: 'SCRIPTS_DATABASE_OWNER_URL' },
} as const;
type DatabaseOwner = keyof typeof OWNERS;

/** The role runners connect as on the embedded server (`scripts grant-runner` gives it its rights). */
export const RUNNER_ROLE = 'etl_runner';

/** How one subgraph reaches its database. */
export interface ServiceDatabase {
  /** As the database's owner: for migrations, the bootstrap and grants, never for the service. */
  ownerUrl: string;
  /** As the service's own role: rows of its own database and nothing more. */
  serviceUrl: string;
}

export type StackDatabases = Record<DatabaseOwner, ServiceDatabase> & {
  /** As the runner's role: the run rows and the queue of the scripts database. */
  runnerUrl: string;
  /** Stops the embedded server, if one was started. */
  close(): Promise<void>;
};

/**
 * Each subgraph owns a database: `<NAME>_DATABASE_URL` when set (external PostgreSQL, as the
 * service connects; migrations as `<NAME>_DATABASE_OWNER_URL` when set, else the same role; the
 * runner as `RUNNER_DATABASE_URL` when set, else the scripts service's), else `etl_<name>` on an embedded server in the
 * data folder (on `ETL_POSTGRES_PORT`), which starts only if some subgraph needs it. There each
 * database belongs to `etl_<name>_owner`, the service connects as `etl_<name>_service`, and
 * the runner as `etl_runner`: every password random, made once, kept in `<data folder>/secrets/`.
 */
export async function openStackDatabases(env: NodeJS.ProcessEnv): Promise<StackDatabases> {
  const owners = Object.keys(OWNERS) as DatabaseOwner[];
  const external = owners.filter((owner) => env[OWNERS[owner].service]);
  const asGiven = (owner: DatabaseOwner): ServiceDatabase => ({
    ownerUrl: env[OWNERS[owner].owner] || env[OWNERS[owner].service]!,
    serviceUrl: env[OWNERS[owner].service]!,
  });
  for (const owner of external) {
    const url = new URL(asGiven(owner).ownerUrl);
    await ensureDatabase(url.toString(), decodeURIComponent(url.pathname.slice(1)));
  }
  if (external.length === owners.length) {
    return {
      users: asGiven('users'),
      scripts: asGiven('scripts'),
      runnerUrl: env.RUNNER_DATABASE_URL || env.SCRIPTS_DATABASE_URL!,
      close: async () => {},
    };
  }
  const root = dataDir(env);
  const server = await startEmbeddedPostgres(root, readStackSettings(env).ETL_POSTGRES_PORT);
  const role = (name: string): DatabaseRole => ({
    name,
    password: ensureLocalSecret(join(root, 'secrets', `postgres-${name}-password`)),
  });
  try {
    const databases = {} as Record<DatabaseOwner, ServiceDatabase>;
    const runner = role(RUNNER_ROLE);
    for (const owner of owners) {
      if (env[OWNERS[owner].service]) {
        databases[owner] = asGiven(owner);
        continue;
      }
      const plan = {
        database: `etl_${owner}`,
        owner: role(`etl_${owner}_owner`),
        service: role(`etl_${owner}_service`),
        others: owner === 'scripts' ? [runner] : [],
      };
      await provisionServiceDatabase(server.urlFor('postgres'), plan);
      databases[owner] = {
        ownerUrl: urlAs(server, plan.database, plan.owner),
        serviceUrl: urlAs(server, plan.database, plan.service),
      };
    }
    const runnerUrl = env.SCRIPTS_DATABASE_URL
      ? env.RUNNER_DATABASE_URL || env.SCRIPTS_DATABASE_URL
      : urlAs(server, 'etl_scripts', runner);
    return { ...databases, runnerUrl, close: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function urlAs(server: DatabaseServer, database: string, role: DatabaseRole): string {
  const url = new URL(server.urlFor(database));
  url.username = role.name;
  url.password = encodeURIComponent(role.password);
  return url.toString();
}
