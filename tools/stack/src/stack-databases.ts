import { dataDir } from './paths.js';
import { ensureDatabase, startEmbeddedPostgres } from './databases.js';
import { readStackSettings } from './stack-settings.js';

/** The subgraphs that own a database, with the variable that points one at external PostgreSQL. */
const OWNERS = { users: 'USERS_DATABASE_URL', scripts: 'SCRIPTS_DATABASE_URL' } as const;
type DatabaseOwner = keyof typeof OWNERS;

export type StackDatabases = Record<DatabaseOwner, string> & {
  /** Stops the embedded server, if one was started. */
  close(): Promise<void>;
};

/**
 * Each subgraph owns a database: `<NAME>_DATABASE_URL` when set (external PostgreSQL), else
 * `etl_<name>` on an embedded server in the data folder (on `ETL_POSTGRES_PORT`),
 * which starts only if some subgraph needs it.
 */
export async function openStackDatabases(env: NodeJS.ProcessEnv): Promise<StackDatabases> {
  const owners = Object.keys(OWNERS) as DatabaseOwner[];
  const external = owners.filter((owner) => env[OWNERS[owner]]);
  for (const owner of external) {
    const url = new URL(env[OWNERS[owner]]!);
    await ensureDatabase(url.toString(), decodeURIComponent(url.pathname.slice(1)));
  }
  if (external.length === owners.length) {
    return { users: env.USERS_DATABASE_URL!, scripts: env.SCRIPTS_DATABASE_URL!, close: async () => {} };
  }
  const server = await startEmbeddedPostgres(dataDir(env), readStackSettings(env).ETL_POSTGRES_PORT);
  const urls = {} as Record<DatabaseOwner, string>;
  try {
    for (const owner of owners) {
      if (env[OWNERS[owner]]) {
        urls[owner] = env[OWNERS[owner]]!;
        continue;
      }
      await ensureDatabase(server.urlFor('postgres'), `etl_${owner}`);
      urls[owner] = server.urlFor(`etl_${owner}`);
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...urls, close: () => server.stop() };
}
