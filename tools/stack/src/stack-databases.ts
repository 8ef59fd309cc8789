import { dataDir } from './paths.js';
import { ensureDatabase, startEmbeddedPostgres } from './databases.js';

export interface StackDatabases {
  /** The users subgraph's database URL. */
  users: string;
  /** Stops the embedded server, if one was started. */
  close(): Promise<void>;
}

/**
 * Each subgraph owns a database: `USERS_DATABASE_URL` when set (external PostgreSQL), else a
 * database on an embedded server in the data folder (`ETL_POSTGRES_PORT`, default 54329).
 */
export async function openStackDatabases(env: NodeJS.ProcessEnv): Promise<StackDatabases> {
  if (env.USERS_DATABASE_URL) {
    const url = new URL(env.USERS_DATABASE_URL);
    await ensureDatabase(url.toString(), decodeURIComponent(url.pathname.slice(1)));
    return { users: env.USERS_DATABASE_URL, close: async () => {} };
  }
  const port = Number(env.ETL_POSTGRES_PORT || 54329);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`ETL_POSTGRES_PORT: expected a TCP port (got ${env.ETL_POSTGRES_PORT})`);
  const server = await startEmbeddedPostgres(dataDir(env), port);
  try {
    await ensureDatabase(server.urlFor('postgres'), 'etl_users');
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { users: server.urlFor('etl_users'), close: () => server.stop() };
}
