import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { queryAs, testServerUrl } from '@etl/testkit';
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
    await queryAs(adminUrl(), `drop database if exists ${names.database} with (force)`);
    for (const role of [names.runner, names.service, names.owner]) {
      await queryAs(adminUrl(), `drop role if exists ${role}`);
    }
  });

  it('makes roles that are no superusers, and a database only they may connect to', async () => {
    const { rows } = await queryAs(
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
    const owner = await queryAs(
      adminUrl(),
      `select pg_get_userbyid(datdba) as owner, has_database_privilege('public', datname, 'connect') as public_connect from pg_database where datname = '${names.database}'`,
    );
    expect(owner.rows).toEqual([{ owner: names.owner, public_connect: false }]);
    const tables = await queryAs(
      adminUrl(names.database),
      "select distinct pg_get_userbyid(relowner) as owner from pg_class where relnamespace in ('public'::regnamespace, 'graphile_worker'::regnamespace) and relkind = 'r'",
    );
    expect(tables.rows).toEqual([{ owner: names.owner }]);
  });

  it('lets the service read and write rows and queue runs, but change no schema and run no program', async () => {
    const service = urlAs(names.service);
    expect((await queryAs(service, 'select count(*)::int as n from scripts')).rows).toEqual([{ n: 0 }]);
    await queryAs(service, "select graphile_worker.add_job('run-script', '{}'::json)");
    await expect(queryAs(service, 'create table intruder (id int)')).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(queryAs(service, 'drop table scripts')).rejects.toThrow(/must be owner of table scripts/);
    await expect(queryAs(service, 'alter table scripts add column intruder int')).rejects.toThrow(/must be owner/);
    await expect(queryAs(service, "copy scripts from program 'id'")).rejects.toThrow(
      /(permission denied to COPY to or from an external program|privileges of the pg_execute_server_program role)/,
    );
  });

  it("gives the runner's role only what grant-runner grants", async () => {
    const runner = urlAs(names.runner);
    expect((await queryAs(runner, 'select count(*)::int as n from script_runs')).rows).toEqual([{ n: 0 }]);
    await expect(queryAs(runner, 'select * from scripts')).rejects.toThrow(/permission denied for table scripts/);
    await expect(queryAs(runner, 'delete from script_runs')).rejects.toThrow(/permission denied for table script_runs/);
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
