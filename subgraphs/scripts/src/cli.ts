import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createLogger, isUuid, readConfig, runProvisionDatabase, setting } from '@etl/kit';
import { grantRunnerAccess } from './runs/queue/runner-grants.js';
import { migrateScriptsDatabase } from './scripts-database.js';
import { seedScriptTree } from './seed/seed-tree.js';

const USAGE = `Usage: scripts provision-database
       scripts migrate
       scripts grant-runner --role <name> [--password-file <path>]
       scripts seed [--folders 1000] [--scripts 10000] [--root bench] [--owner <user id>]

provision-database
              as an administrator (DATABASE_ADMIN_URL): creates the scripts database owned by the
              role of DATABASE_OWNER_URL, the service's role of DATABASE_SERVICE_URL with row
              access only, and the runner's role of DATABASE_RUNNER_URL (when set) with no access
              until grant-runner. Idempotent; the deploy step before migrate.
migrate       applies pending migrations to the scripts database (DATABASE_URL) and installs or
              updates the run queue's schema, then exits: the deploy job, so that replicas started
              with MIGRATE_ON_START=false never race over it.
grant-runner  gives the existing PostgreSQL role --role what a runner needs of the scripts
              database and nothing more: the queue's schema, the run rows (writing only the
              columns a runner sets) and the source of script versions. Run it after migrate,
              as the database's owner. With --password-file, first makes the login role (or sets
              its password) from that file's first line: 16 to 128 letters, digits, - or _.
seed     loads a synthetic script tree for benchmarks: --folders folders under one root
         folder named --root, and --scripts scripts spread over them. --owner is the id of
         the user who owns them (default: a fixed id that no user has).`;

/** The runner's role, created by `provision-database` and granted by `grant-runner`. */
const runnerRoleSetting = {
  DATABASE_RUNNER_URL: setting
    .postgresUrl()
    .optional()
    .describe("`provision-database` only: the runner's role, as runners connect (their `DATABASE_URL`)"),
};

const SEED_OWNER = '00000000-0000-4000-8000-000000005eed';

function count(value: string | undefined, name: string, fallback: number): number {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 1_000_000) {
    throw new Error(`--${name} must be a whole number from 1 to 1,000,000 (got ${value})`);
  }
  return parsed;
}

function openScriptsDatabase(): ReturnType<typeof migrateScriptsDatabase> {
  const { DATABASE_URL } = readConfig({ DATABASE_URL: setting.postgresUrl() }, process.env);
  return migrateScriptsDatabase(DATABASE_URL, createLogger('scripts-cli', 'warn'));
}

async function migrate(): Promise<void> {
  const orm = await openScriptsDatabase();
  try {
    const pending = await orm.getMigrator().getPendingMigrations();
    if (pending.length) throw new Error(`Migrations still pending: ${pending.map((m) => m.name).join(', ')}`);
    const executed = await orm.getMigrator().getExecutedMigrations();
    console.log(`Scripts database up to date: ${executed.length} migration(s) applied`);
  } finally {
    await orm.close();
  }
}

async function seed(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      folders: { type: 'string' },
      scripts: { type: 'string' },
      root: { type: 'string', default: 'bench' },
      owner: { type: 'string', default: SEED_OWNER },
    },
  });
  if (!isUuid(values.owner)) throw new Error(`--owner must be a user id (a UUID), got ${values.owner}`);
  const orm = await openScriptsDatabase();
  try {
    const started = performance.now();
    const result = await seedScriptTree(orm.em.fork(), {
      root: values.root,
      folders: count(values.folders, 'folders', 1000),
      scripts: count(values.scripts, 'scripts', 10_000),
      ownerId: values.owner,
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${result.folders} folders and ${result.scripts} scripts under "${values.root}" in ${seconds} s`,
    );
  } finally {
    await orm.close();
  }
}

async function grantRunner(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { role: { type: 'string' }, 'password-file': { type: 'string' } },
  });
  if (!values.role) throw new Error('--role is required: the PostgreSQL role runners connect as');
  const passwordFile = values['password-file'];
  const password = passwordFile === undefined ? undefined : readFileSync(passwordFile, 'utf8').split('\n')[0]!.trim();
  const orm = await openScriptsDatabase();
  try {
    await grantRunnerAccess(orm.em.fork(), values.role, password);
    console.log(`Role ${values.role} may now run scripts from the queue`);
  } finally {
    await orm.close();
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'provision-database') console.log(await runProvisionDatabase(process.env, runnerRoleSetting));
  else if (command === 'migrate') await migrate();
  else if (command === 'grant-runner') await grantRunner(rest);
  else if (command === 'seed') await seed(rest);
  else {
    console.log(USAGE);
    process.exitCode = command === undefined || command === '--help' ? 0 : 2;
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
