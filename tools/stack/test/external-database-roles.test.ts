import { randomBytes } from 'node:crypto';
import { provisionServiceDatabase } from '@etl/kit';
import { queryAs, testServerUrl } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabases } from '../src/local-stack.js';
import { openStackDatabases } from '../src/stack-databases.js';

// An external PostgreSQL (a managed service) with a role per purpose, as docs/deploy.md tells
// an administrator to make them (`provision-database`): the launcher migrates as each database's
// owner, and hands the services and the runner their own roles only.

const suffix = randomBytes(4).toString('hex');
const name = (base: string) => `etl_ext_${base}_${suffix}`;

function urlAs(role: string, database: string): string {
  const url = new URL(testServerUrl());
  url.username = role;
  url.password = `${role}-password`;
  url.pathname = `/${database}`;
  return url.toString();
}

const role = (base: string) => ({ name: name(base), password: `${name(base)}-password` });
const urls = {
  USERS_DATABASE_OWNER_URL: urlAs(name('users_owner'), name('users')),
  USERS_DATABASE_URL: urlAs(name('users_service'), name('users')),
  SCRIPTS_DATABASE_OWNER_URL: urlAs(name('scripts_owner'), name('scripts')),
  SCRIPTS_DATABASE_URL: urlAs(name('scripts_service'), name('scripts')),
  RUNNER_DATABASE_URL: urlAs(name('runner'), name('scripts')),
};

describe('the launcher with an external PostgreSQL and separate owner, service and runner roles', () => {
  beforeAll(async () => {
    const admin = testServerUrl();
    await provisionServiceDatabase(admin, {
      database: name('users'),
      owner: role('users_owner'),
      service: role('users_service'),
    });
    await provisionServiceDatabase(admin, {
      database: name('scripts'),
      owner: role('scripts_owner'),
      service: role('scripts_service'),
      others: [role('runner')],
    });
  });

  afterAll(async () => {
    const admin = testServerUrl();
    for (const database of ['users', 'scripts'])
      await queryAs(admin, `drop database if exists ${name(database)} with (force)`);
    for (const base of ['users_owner', 'users_service', 'scripts_owner', 'scripts_service', 'runner'])
      await queryAs(admin, `drop role if exists ${name(base)}`);
  });

  it('migrates as the owners, then leaves each service and the runner its own role', async () => {
    const env = { ...urls, ETL_ADMIN_PASSWORD: 'External-admin-1' };
    const databases = await openStackDatabases(env);
    try {
      expect({
        usersOwner: databases.users.ownerUrl,
        users: databases.users.serviceUrl,
        scriptsOwner: databases.scripts.ownerUrl,
        scripts: databases.scripts.serviceUrl,
        runner: databases.runnerUrl,
      }).toEqual({
        usersOwner: urls.USERS_DATABASE_OWNER_URL,
        users: urls.USERS_DATABASE_URL,
        scriptsOwner: urls.SCRIPTS_DATABASE_OWNER_URL,
        scripts: urls.SCRIPTS_DATABASE_URL,
        runner: urls.RUNNER_DATABASE_URL,
      });
      const bootstrap = await prepareDatabases(env, databases, 'admin');
      expect(bootstrap.superuser?.outcome).toBe('created');
    } finally {
      await databases.close();
    }
    // The owners own every table; the service roles read rows and change no schema.
    for (const [database, owner, service] of [
      ['users', urls.USERS_DATABASE_OWNER_URL, urls.USERS_DATABASE_URL],
      ['scripts', urls.SCRIPTS_DATABASE_OWNER_URL, urls.SCRIPTS_DATABASE_URL],
    ] as const) {
      const { rows } = await queryAs(
        owner,
        `select count(*)::int as tables, count(*) filter (where tableowner <> current_user)::int as others from pg_tables where schemaname = 'public'`,
      );
      expect(rows[0], database).toMatchObject({ others: 0 });
      expect(rows[0].tables, database).toBeGreaterThan(0);
      await expect(queryAs(service, 'create table intruder (id int)'), database).rejects.toMatchObject({
        code: '42501',
      });
    }
    const admins = await queryAs(urls.USERS_DATABASE_URL, `select login from users where login = 'admin'`);
    expect(admins.rowCount).toBe(1);
    // The runner's grants: the run rows, not the scripts.
    await expect(queryAs(urls.RUNNER_DATABASE_URL, 'select count(*) from script_runs')).resolves.toBeTruthy();
    await expect(queryAs(urls.RUNNER_DATABASE_URL, 'select count(*) from scripts')).rejects.toMatchObject({
      code: '42501',
    });
  });

  it('with one URL per database, as before, uses that role for migrations and the service alike', async () => {
    const databases = await openStackDatabases({
      USERS_DATABASE_URL: urls.USERS_DATABASE_OWNER_URL,
      SCRIPTS_DATABASE_URL: urls.SCRIPTS_DATABASE_OWNER_URL,
    });
    try {
      expect(databases.users).toEqual({
        ownerUrl: urls.USERS_DATABASE_OWNER_URL,
        serviceUrl: urls.USERS_DATABASE_OWNER_URL,
      });
      expect(databases.runnerUrl).toBe(urls.SCRIPTS_DATABASE_OWNER_URL);
    } finally {
      await databases.close();
    }
  });
});
