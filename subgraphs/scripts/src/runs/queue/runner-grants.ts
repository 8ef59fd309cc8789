import type { EntityManager } from '@mikro-orm/postgresql';
import { RUN_QUEUE_SCHEMA } from './run-queue.js';

/** What a runner writes of a run: its claim, heartbeat and end. Nothing else of the row. */
const RUNNER_WRITES = [
  'status',
  'result',
  'error',
  'exit_code',
  'stdout',
  'stderr',
  'started_at',
  'finished_at',
  'duration_ms',
  'output_files',
  'runner_id',
  'heartbeat_at',
  'attempts',
  'updated_at',
];

/** A role name as PostgreSQL writes an identifier unquoted: what `scripts grant-runner` accepts. */
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The statements that give a runner's role what it needs of the scripts database, and nothing
 * more: the queue's schema (graphile-worker takes, locks and deletes jobs there; its row
 * security admits every role these grants let in, see installRunQueue), the run rows
 * (read; write only the columns above) and the source of script versions. No users, folders or
 * scripts, and no DDL: the scripts subgraph owns the schema and installs the queue.
 */
export function runnerGrantStatements(role: string, database: string): string[] {
  if (!ROLE_NAME.test(role)) throw new Error(`role must be a lower-case PostgreSQL name; got ${JSON.stringify(role)}`);
  const db = `"${database.replaceAll('"', '""')}"`;
  const queue = RUN_QUEUE_SCHEMA;
  return [
    `grant connect on database ${db} to ${role}`,
    `grant usage on schema public to ${role}`,
    `grant usage on schema ${queue} to ${role}`,
    `grant select, insert, update, delete on all tables in schema ${queue} to ${role}`,
    `grant usage, select on all sequences in schema ${queue} to ${role}`,
    `grant execute on all functions in schema ${queue} to ${role}`,
    `grant select on script_runs to ${role}`,
    `grant update (${RUNNER_WRITES.join(', ')}) on script_runs to ${role}`,
    `grant select (script_id, version, content) on script_versions to ${role}`,
  ];
}

/** A runner role's password: it goes into the runner's DATABASE_URL, so URL-safe characters only. */
const PASSWORD = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The statements that make `role` a login role with `password` (or give an existing one that
 * password), with none of the attributes that reach beyond its grants: no superuser, no role or
 * database creation, no replication, no row-security bypass.
 */
export function runnerRoleStatements(role: string, password: string): string[] {
  if (!ROLE_NAME.test(role)) throw new Error(`role must be a lower-case PostgreSQL name; got ${JSON.stringify(role)}`);
  if (!PASSWORD.test(password)) {
    throw new Error('the runner role password must be 16 to 128 letters, digits, "-" or "_" (it goes into a URL)');
  }
  return [
    `do $$ begin if not exists (select from pg_roles where rolname = '${role}') then create role ${role}; end if; end $$`,
    `alter role ${role} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${password}'`,
  ];
}

/**
 * Runs the grants on the scripts database (as its owner), in one transaction; with a password,
 * first makes the role (or sets its password), which needs the CREATEROLE attribute.
 */
export async function grantRunnerAccess(em: EntityManager, role: string, password?: string): Promise<void> {
  const rows = await em.execute<Array<{ database: string }>>('select current_database() as database');
  const statements = [
    ...(password === undefined ? [] : runnerRoleStatements(role, password)),
    ...runnerGrantStatements(role, rows[0]!.database),
  ];
  await em.transactional(async (tx) => {
    for (const statement of statements) await tx.execute(statement);
  });
}
