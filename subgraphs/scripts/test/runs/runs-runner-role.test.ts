import type { RunningUsersSubgraph } from '@etl/users';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runnerRoleStatements } from '../../src/runs/queue/runner-grants.js';
import { python, useRunsStack } from '../support/runs-fixtures.js';
import { createRunnerRole, type RunnerRole } from '../support/runner-role.js';

/**
 * The role `scripts grant-runner --role <name> --password-file <path>` makes for runners: it
 * does what a runner does (reads and ends runs, uses the queue) and nothing a stolen runner
 * credential could be used for: no other table of the scripts database, no users database, no
 * role or table creation, no server-side programs or files, no other role's rights.
 */

/** PostgreSQL's code for "permission denied" (insufficient_privilege). */
const DENIED = '42501';

describe("the runner's database role", () => {
  const h = useRunsStack({}, { runner: false });
  let role: RunnerRole;
  let client: pg.Client;

  beforeAll(async () => {
    role = await createRunnerRole(h.stack.scripts.orm, 'role');
    client = new pg.Client({ connectionString: role.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await role?.drop();
  });

  /** The SQLSTATE a statement fails with as the runner's role, or 'ok'. */
  async function outcome(sql: string, on: pg.Client = client): Promise<string> {
    try {
      await on.query(sql);
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code ?? String(error);
    }
  }

  it('does what a runner does: reads runs, writes a run’s end columns, reads script sources, uses the queue', async () => {
    expect(await outcome('select id, status, input, heartbeat_at from script_runs')).toBe('ok');
    expect(await outcome("update script_runs set stdout = '' where false")).toBe('ok');
    expect(await outcome('select script_id, version, content from script_versions')).toBe('ok');
    expect(await outcome('select count(*) from graphile_worker._private_jobs')).toBe('ok');
    expect(await outcome("select pg_notify('etl_probe', 'x')")).toBe('ok');
  });

  it('sees the queued job of a run started through the gateway (graphile-worker hides its rows from other roles)', async () => {
    const script = await h.newScript(
      python(`
      def main(data):
          return data
    `),
    );
    const started = await h.runs('StartScriptRun', { path: script.logicalPath, input: {} });
    expect(started.errors, started.text).toBeUndefined();
    const id = started.data!.startScriptRun.id as string;
    // What a runner's worker reads to find work, under the table's row security.
    const jobs = await client.query('select count(*)::int as n from graphile_worker._private_jobs where key = $1', [
      id,
    ]);
    expect(jobs.rows[0].n).toBe(1);
  });

  it('cannot read or change the tables of the script tree, nor a run’s identity or input', async () => {
    for (const sql of [
      'select * from scripts',
      'select * from folders',
      'select author_id from script_versions',
      "update script_versions set content = '' where false",
      'update script_runs set script_id = gen_random_uuid() where false',
      "update script_runs set input = '{}' where false",
      'update script_runs set started_by_id = gen_random_uuid() where false',
      'delete from script_runs where false',
      'insert into script_runs (id) values (gen_random_uuid())',
      'select * from mikro_orm_migrations',
    ])
      expect(await outcome(sql), sql).toBe(DENIED);
  });

  it('cannot create tables, functions or roles, nor take another role’s rights', async () => {
    for (const sql of [
      'create table stolen (x int)',
      'create function f() returns int language sql as $$ select 1 $$',
      'create role escape login',
      'create database escape',
      'set role postgres',
      'alter role current_user superuser',
      'alter role current_user createrole',
    ])
      expect(await outcome(sql), sql).toBe(DENIED);
    const attributes = await client.query(
      'select rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolinherit from pg_roles where rolname = current_user',
    );
    expect(attributes.rows[0]).toMatchObject({
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
    });
    const memberships = await client.query(
      'select count(*)::int as n from pg_auth_members where member = (select oid from pg_roles where rolname = current_user)',
    );
    expect(memberships.rows[0].n, 'a member of no role').toBe(0);
  });

  it('cannot run programs or read files on the database server', async () => {
    for (const sql of [
      "copy (select 1) to program 'id'",
      "create temp table t (x text); copy t from program 'id'",
      "copy script_runs to '/tmp/runs'",
      "select pg_read_file('/etc/passwd')",
      "select pg_ls_dir('.')",
      "select lo_import('/etc/passwd')",
    ])
      expect(await outcome(sql), sql).toBe(DENIED);
  });

  it("cannot read the users database's tables", async () => {
    const usersUrl = new URL((h.stack.users as RunningUsersSubgraph).orm.config.get('clientUrl')!);
    const runnerUrl = new URL(role.url);
    usersUrl.username = runnerUrl.username;
    usersUrl.password = runnerUrl.password;
    const users = new pg.Client({ connectionString: usersUrl.toString() });
    // Refused at the door where CONNECT is revoked from PUBLIC; otherwise at every table.
    const connected = await users.connect().then(
      () => true,
      (error: { code?: string }) => {
        expect(error.code).toBe(DENIED);
        return false;
      },
    );
    try {
      if (connected) {
        for (const sql of ['select * from users', 'select * from refresh_tokens', 'select * from roles'])
          expect(await outcome(sql, users), sql).toBe(DENIED);
      }
    } finally {
      if (connected) await users.end();
    }
  });

  it('refuses role names and passwords that would change the statements it runs', () => {
    expect(() => runnerRoleStatements('runner; drop table script_runs', 'a'.repeat(24))).toThrow(/role must be/);
    expect(() => runnerRoleStatements('Runner', 'a'.repeat(24))).toThrow(/role must be/);
    expect(() => runnerRoleStatements('runner', "x' superuser --aaaaaaaaaaaa")).toThrow(/password must be/);
    expect(() => runnerRoleStatements('runner', 'short')).toThrow(/password must be/);
    expect(runnerRoleStatements('runner', 'a'.repeat(24))[1]).toContain('nosuperuser');
  });
});
