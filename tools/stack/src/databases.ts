import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PostgresServer, postgresUser, reachableBy } from '@etl/embedded-postgres';
import pg from 'pg';
import { ensureLocalSecret, newSecret, storeLocalSecret } from './local-secret.js';

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

/** The superuser's password before the launcher generated one: clusters made then still have it. */
const LEGACY_SUPERUSER_PASSWORD = 'postgres';

/**
 * Real PostgreSQL from the embedded binaries, on loopback only, every password checked with
 * scram-sha-256. Its superuser's password is random, made at the first start and kept in
 * `<data folder>/secrets/postgres-superuser-password` (mode 0600): only the launcher uses it, to
 * create each service's roles. A cluster made before that, with the old fixed password, gets
 * the new one at its next start.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<DatabaseServer> {
  const passwordFile = join(dataDir, 'secrets', 'postgres-superuser-password');
  const cluster = clusterDir(dataDir);
  const legacy = !existsSync(passwordFile) && existsSync(join(cluster, 'PG_VERSION'));
  // A new cluster's password is stored before initdb; an old one's once it has been changed.
  const password = legacy ? newSecret() : ensureLocalSecret(passwordFile);
  const server = await PostgresServer.start({
    dataDir: cluster,
    port,
    password: legacy ? LEGACY_SUPERUSER_PASSWORD : password,
    onLog: () => {},
  });
  if (legacy) {
    await changeSuperuserPassword(server.urlFor('postgres'), password).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    storeLocalSecret(passwordFile, password);
  }
  // Nobody but the superuser needs the maintenance database; each role gets CONNECT on its own.
  await withSuperuser(server.urlFor('postgres'), password, (client) =>
    client.query('revoke all on database postgres from public'),
  ).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const urlFor = (database: string) => {
    const url = new URL(server.urlFor(database));
    url.password = encodeURIComponent(password);
    return url.toString();
  };
  return { urlFor, stop: () => server.stop() };
}

async function withSuperuser<T>(url: string, password: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const withPassword = new URL(url);
  withPassword.password = encodeURIComponent(password);
  const client = new pg.Client({ connectionString: withPassword.toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function changeSuperuserPassword(legacyUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: legacyUrl });
  await client.connect().catch((error: Error) => {
    throw new Error(
      `The embedded PostgreSQL refused its old superuser password (${error.message}); remove its cluster folder to start afresh`,
    );
  });
  try {
    await client.query(`alter role postgres password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}
