import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresServer, postgresUser, reachableBy } from '@etl/embedded-postgres';
import pg from 'pg';

/** A PostgreSQL server the stack's databases live on. */
export interface DatabaseServer {
  /** A URL for one database on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/** Creates a database when it does not exist yet. */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** Where root keeps clusters whose data folder the `postgres` user cannot reach. */
const SYSTEM_CLUSTERS = '/var/lib/etl-platform/postgres';

/**
 * The cluster's folder: `<data folder>/postgres`, so that a second start reuses the data. Started
 * by root, PostgreSQL runs as the `postgres` system user, which cannot enter a data folder inside
 * a private folder (a home directory, a `mktemp -d` folder): the cluster then lives in
 * /var/lib/etl-platform/postgres/<hash of the data folder>, one per data folder, as lasting.
 */
export function clusterDir(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const user = postgresUser();
  if (!user || reachableBy(user, dataDir)) return join(dataDir, 'postgres');
  const dir = join(SYSTEM_CLUSTERS, createHash('sha256').update(dataDir).digest('hex').slice(0, 16));
  mkdirSync(SYSTEM_CLUSTERS, { recursive: true, mode: 0o755 });
  chmodSync(SYSTEM_CLUSTERS, 0o755);
  return dir;
}

/**
 * Real PostgreSQL from the embedded binaries, on loopback only, its superuser's password checked
 * with scram-sha-256 (clusters made before keep the method they were made with).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<DatabaseServer> {
  const server = await PostgresServer.start({
    dataDir: clusterDir(dataDir),
    port,
    password: 'postgres',
    onLog: () => {},
  });
  return { urlFor: (database) => server.urlFor(database), stop: () => server.stop() };
}
