import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL server tests use: `TEST_DATABASE_URL` (CI points it at the machine's server),
 * else the embedded server the global setup started (`ETL_TEST_DATABASE_URL`).
 */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.ETL_TEST_DATABASE_URL;
  if (!url) throw new Error('No test PostgreSQL: set TEST_DATABASE_URL or run through the vitest global setup');
  return url;
}

function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database, dropped (with its connections) afterwards. */
export async function createTestDatabase(prefix = 'etl_test'): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  return {
    url: withDatabase(testServerUrl(), name),
    async drop() {
      const client = new pg.Client({ connectionString: withDatabase(testServerUrl(), 'postgres') });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

/** One statement on its own connection, as the role and database the URL names (role tests). */
export async function queryAs(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
