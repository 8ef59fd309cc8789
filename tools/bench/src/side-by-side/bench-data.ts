import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createLogger, openDatabase } from '@etl/kit';
import { scriptsEntities, scriptsMigrations, seedScriptTree } from '@etl/scripts';
import { createTestDatabase, type TestDatabase } from '@etl/testkit';
import { bootstrapUsersDatabase } from '@etl/users';
import type { BenchSettings } from './bench-settings.js';

export const BENCH_ADMIN = { login: 'admin', password: 'bench-admin-password-not-secret' };
/** The namespace and pod whose log `podLogs` tails. */
export const BENCH_POD = { namespace: 'etl', pod: 'bench-api', container: 'main' };
/** The folder that holds `bigFolderScripts` scripts, and the script `scriptByPath` and `runScript` use. */
export const BIG_FOLDER = 'bench-big';
export const BENCH_SCRIPT_PATH = 'bench/script-0.py';

export interface BenchData {
  usersDatabaseUrl: string;
  scriptsDatabaseUrl: string;
  /** The pods folder the logs subgraph reads (LOGS_ROOT). */
  podsRoot: string;
  /** The folder the scripts subgraph stores files in. */
  filesDir: string;
  bigFolderId: string;
  counts: { users: number; folders: number; scripts: number; runs: number; logLines: number };
  drop(): Promise<void>;
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * The users besides the admin, through SQL: each with the admin's password hash (hashing a
 * thousand argon2id passwords would take minutes and measure nothing), the `viewer` role, and
 * every tenth `editor` as well. Returns every user id, the admin's first.
 */
async function seedUsers(url: string, count: number): Promise<string[]> {
  await bootstrapUsersDatabase({ databaseUrl: url, admin: BENCH_ADMIN });
  return withClient(url, async (client) => {
    await client.query(
      `insert into users (id, created_at, updated_at, login, login_key, display_name, password_hash, kind)
       select gen_random_uuid(), now(), now(), 'bench-' || i, 'bench-' || i, 'Bench user ' || i,
              (select password_hash from users where login_key = $2), 'PERSON'
       from generate_series(1, $1) as i`,
      [count - 1, BENCH_ADMIN.login],
    );
    await client.query(
      `insert into user_roles (user_id, role_id)
       select u.id, r.id from users u, roles r
       where u.login_key like 'bench-%' and (r.name = 'viewer' or (r.name = 'editor' and u.login_key like '%0'))`,
    );
    const { rows } = await client.query<{ id: string }>(`select id from users order by login_key <> $1, login_key`, [
      BENCH_ADMIN.login,
    ]);
    return rows.map((row) => row.id);
  });
}

/**
 * Folders and scripts through the scripts subgraph's own seeding code (one version each), one
 * folder with `bigFolderScripts` scripts, owners spread over every user, and finished runs.
 */
async function seedScripts(url: string, settings: BenchSettings, userIds: string[]): Promise<string> {
  const orm = await openDatabase({
    url,
    poolMax: 2,
    entities: scriptsEntities,
    migrations: scriptsMigrations,
    migrate: true,
    logger: createLogger('bench-seed', 'warn'),
  });
  let bigFolderId: string;
  try {
    const ownerId = userIds[0]!;
    await seedScriptTree(orm.em.fork(), {
      root: 'bench',
      folders: settings.folders - 1,
      scripts: settings.scripts - settings.bigFolderScripts,
      ownerId,
    });
    const big = await seedScriptTree(orm.em.fork(), {
      root: BIG_FOLDER,
      folders: 1,
      scripts: settings.bigFolderScripts,
      ownerId,
    });
    bigFolderId = big.rootId;
  } finally {
    await orm.close();
  }
  await withClient(url, async (client) => {
    const owner = `($1::uuid[])[1 + mod(abs(hashtext(id::text)), array_length($1::uuid[], 1))]`;
    await client.query(`update folders set owner_id = ${owner}`, [userIds]);
    await client.query(`update scripts set owner_id = ${owner}`, [userIds]);
    await client.query(
      `insert into script_runs (id, created_at, updated_at, script_id, logical_path, version, started_by_id, status,
         input, input_files, result, stdout, stderr, started_at, finished_at, duration_ms, output_files, attempts)
       select gen_random_uuid(), now() - make_interval(mins => g), now(), s.id, s.logical_path, 1, s.owner_id,
         'SUCCEEDED', '{}', '[]', '{"ok": true}', E'done\\n', '', now(), now(), 40, '[]', 1
       from scripts s, generate_series(1, $1) as g`,
      [settings.runsPerScript],
    );
    await client.query('analyze');
  });
  return bigFolderId;
}

/** A container log in the runtime's format (`<time> <stream> F <text>`), in a pods folder. */
function writePodLog(root: string, lines: number): void {
  const dir = join(root, `${BENCH_POD.namespace}_${BENCH_POD.pod}_00000000-0000-0000-0000-000000000001`, 'main');
  mkdirSync(dir, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  const text: string[] = [];
  for (let line = 0; line < lines; line++) {
    const time = new Date(start + line * 10).toISOString().replace('Z', '000000Z');
    text.push(
      `${time} stdout F level=info request=${line} path=/api/items/${line % 1000} status=200 took=${line % 97}ms`,
    );
  }
  writeFileSync(join(dir, '0.log'), `${text.join('\n')}\n`);
}

/** Throwaway databases and folders with the benchmark's data set; `drop` removes them all. */
export async function seedBenchData(settings: BenchSettings): Promise<BenchData> {
  const databases: TestDatabase[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'etl-bench-'));
  const drop = async () => {
    await Promise.all(databases.map((database) => database.drop()));
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const users = await createTestDatabase('etl_bench');
    databases.push(users);
    const scripts = await createTestDatabase('etl_bench');
    databases.push(scripts);
    const userIds = await seedUsers(users.url, settings.users);
    const bigFolderId = await seedScripts(scripts.url, settings, userIds);
    const podsRoot = join(folder, 'pods');
    writePodLog(podsRoot, settings.logLines);
    const filesDir = join(folder, 'files');
    mkdirSync(filesDir);
    return {
      usersDatabaseUrl: users.url,
      scriptsDatabaseUrl: scripts.url,
      podsRoot,
      filesDir,
      bigFolderId,
      counts: {
        users: userIds.length,
        folders: settings.folders,
        scripts: settings.scripts,
        runs: settings.scripts * settings.runsPerScript,
        logLines: settings.logLines,
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}
