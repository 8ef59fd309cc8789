import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testServerUrl } from '@etl/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const run = promisify(execFile);
const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
const names = {
  database: `etl_provision_${suffix}`,
  owner: `etl_owner_${suffix}`,
  service: `etl_service_${suffix}`,
  runner: `etl_runner_${suffix}`,
};

function urlAs(role: string, database = names.database): string {
  const url = new URL(testServerUrl());
  url.username = role;
  url.password = `password-of-${role}`;
  url.pathname = `/${database}`;
  return url.toString();
}

function adminUrl(database = 'postgres'): string {
  const url = new URL(testServerUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

async function query(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The scripts CLI as the deploy runs it: its own process, settings from the environment only. */
function scriptsCli(args: string[], env: Record<string, string>) {
  return run(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH, ...env } });
}

describe('`scripts provision-database`, then `migrate` and `grant-runner` as the owner', () => {
  beforeAll(async () => {
    const provision = {
      DATABASE_ADMIN_URL: adminUrl(),
      DATABASE_OWNER_URL: urlAs(names.owner),
      DATABASE_SERVICE_URL: urlAs(names.service),
      DATABASE_RUNNER_URL: urlAs(names.runner),
    };
    const made = await scriptsCli(['provision-database'], provision);
    expect(made.stdout).toContain(`Database ${names.database} ready`);
    await scriptsCli(['migrate'], { DATABASE_URL: urlAs(names.owner) });
    await scriptsCli(['grant-runner', '--role', names.runner], { DATABASE_URL: urlAs(names.owner) });
    // Idempotent: a second deploy changes nothing and fails on nothing.
    await scriptsCli(['provision-database'], provision);
  }, 120_000);

  afterAll(async () => {
    await query(adminUrl(), `drop database if exists ${names.database} with (force)`);
    for (const role of [names.runner, names.service, names.owner]) {
      await query(adminUrl(), `drop role if exists ${role}`);
    }
  });

  it('makes roles that are no superusers, and a database only they may connect to', async () => {
    const { rows } = await query(
      adminUrl(),
      `select rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin from pg_roles where rolname like '%_${suffix}' order by rolname`,
    );
    expect(rows).toEqual(
      [names.owner, names.runner, names.service].map((rolname) => ({
        rolname,
        rolsuper: false,
        rolcreaterole: false,
        rolcreatedb: false,
        rolcanlogin: true,
      })),
    );
    const owner = await query(
      adminUrl(),
      `select pg_get_userbyid(datdba) as owner, has_database_privilege('public', datname, 'connect') as public_connect from pg_database where datname = '${names.database}'`,
    );
    expect(owner.rows).toEqual([{ owner: names.owner, public_connect: false }]);
    const tables = await query(
      adminUrl(names.database),
      "select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace in ('public'::regnamespace, 'graphile_worker'::regnamespace) and relkind = 'r'",
    );
    expect(tables.rows).toEqual([{ owner: names.owner }]);
  });

  it('lets the service read and write rows and queue runs, but change no schema and run no program', async () => {
    const service = urlAs(names.service);
    expect((await query(service, 'select count(*)::int as n from scripts')).rows).toEqual([{ n: 0 }]);
    await query(service, "select graphile_worker.add_job('run-script', '{}'::json)");
    await expect(query(service, 'create table intruder (id int)')).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(query(service, 'drop table scripts')).rejects.toThrow(/must be owner of table scripts/);
    await expect(query(service, 'alter table scripts add column intruder int')).rejects.toThrow(/must be owner/);
    await expect(query(service, "copy scripts from program 'id'")).rejects.toThrow(
      /(permission denied to COPY to or from an external program|privileges of the pg_execute_server_program role)/,
    );
  });

  it("gives the runner's role only what grant-runner grants", async () => {
    const runner = urlAs(names.runner);
    expect((await query(runner, 'select count(*)::int as n from script_runs')).rows).toEqual([{ n: 0 }]);
    await expect(query(runner, 'select * from scripts')).rejects.toThrow(/permission denied for table scripts/);
    await expect(query(runner, 'delete from script_runs')).rejects.toThrow(/permission denied for table script_runs/);
  });

  it('refuses a service URL on another database than the owner’s', async () => {
    const refused = await scriptsCli(['provision-database'], {
      DATABASE_ADMIN_URL: adminUrl(),
      DATABASE_OWNER_URL: urlAs(names.owner),
      DATABASE_SERVICE_URL: urlAs(names.service, 'postgres'),
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain(
      'DATABASE_SERVICE_URL must name the database of DATABASE_OWNER_URL',
    );
  });
});
