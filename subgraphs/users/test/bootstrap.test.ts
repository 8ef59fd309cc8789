import { createTestDatabase, type TestDatabase } from '@etl/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapUsersDatabase } from '../src/bootstrap/bootstrap-database.js';
import { usersMigrations } from '../src/migrations/index.js';
import { passwordHasher } from '../src/sessions/password-hasher.js';

describe('bootstrap without a running server', () => {
  let database: TestDatabase;
  let sql: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new pg.Client({ connectionString: database.url });
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  const roles = async () =>
    (
      await sql.query<{ name: string; permissions: string[]; built_in: boolean }>(
        'select name, permissions, built_in from roles order by name',
      )
    ).rows;
  const superuser = async (login: string) =>
    (
      await sql.query<{ password_hash: string; roles: string[] }>(
        `select u.password_hash, array_agg(r.name order by r.name) as roles
           from users u join user_roles ur on ur.user_id = u.id join roles r on r.id = ur.role_id
          where u.login_key = $1 group by u.password_hash`,
        [login.toLowerCase()],
      )
    ).rows;

  it('migrates and creates exactly the built-in roles, idempotently', async () => {
    expect(await bootstrapUsersDatabase({ databaseUrl: database.url })).toEqual({});
    await sql.connect();
    const expected = [
      { name: 'admin', permissions: ['*'], built_in: true },
      { name: 'data-manager', permissions: ['datamodules:approve', 'users:read'], built_in: true },
      {
        name: 'editor',
        permissions: ['files:read', 'files:write', 'scripts:read', 'scripts:release', 'scripts:write'],
        built_in: true,
      },
      {
        name: 'operator',
        permissions: ['files:read', 'files:write', 'logs:read', 'scripts:execute', 'scripts:read'],
        built_in: true,
      },
      { name: 'viewer', permissions: ['files:read', 'scripts:read'], built_in: true },
    ];
    expect(await roles()).toEqual(expected);
    await sql.query(`update roles set permissions = '{*}' where name = 'viewer'`);
    await bootstrapUsersDatabase({ databaseUrl: database.url });
    expect(await roles()).toEqual(expected);
    // Every migration applied once, however often bootstrap runs.
    const migrations = await sql.query('select name from mikro_orm_migrations');
    expect(migrations.rowCount).toBe(usersMigrations.length);
  });

  it('creates a superuser with the given password, then leaves it or updates it', async () => {
    const created = await bootstrapUsersDatabase({
      databaseUrl: database.url,
      admin: { login: 'root-admin', password: 'first password' },
    });
    expect(created).toEqual({ superuser: { login: 'root-admin', outcome: 'created' } });
    let [row] = await superuser('root-admin');
    expect(row!.roles).toEqual(['admin']);
    expect(await passwordHasher.verify(row!.password_hash, 'first password')).toBe(true);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);

    const again = await bootstrapUsersDatabase({
      databaseUrl: database.url,
      admin: { login: 'ROOT-admin', password: 'first password' },
    });
    expect(again.superuser?.outcome).toBe('unchanged');
    const changed = await bootstrapUsersDatabase({
      databaseUrl: database.url,
      admin: { login: 'root-admin', password: 'second password' },
    });
    expect(changed.superuser?.outcome).toBe('updated');
    [row] = await superuser('root-admin');
    expect(await passwordHasher.verify(row!.password_hash, 'second password')).toBe(true);
    const kept = await bootstrapUsersDatabase({ databaseUrl: database.url, admin: { login: 'root-admin' } });
    expect(kept.superuser).toEqual({ login: 'root-admin', outcome: 'unchanged' });
  });

  it('generates a password for a new superuser when none is given, once', async () => {
    const first = await bootstrapUsersDatabase({ databaseUrl: database.url, admin: { login: 'generated' } });
    expect(first.superuser?.outcome).toBe('created');
    const password = first.superuser!.generatedPassword!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    const [row] = await superuser('generated');
    expect(await passwordHasher.verify(row!.password_hash, password)).toBe(true);
    const second = await bootstrapUsersDatabase({ databaseUrl: database.url, admin: { login: 'generated' } });
    expect(second.superuser).toEqual({ login: 'generated', outcome: 'unchanged' });
  });

  it('refuses a bad login or a short password with a clear message', async () => {
    await expect(
      bootstrapUsersDatabase({ databaseUrl: database.url, admin: { login: 'a b', password: 'long enough' } }),
    ).rejects.toThrow(/Login must be/);
    await expect(
      bootstrapUsersDatabase({ databaseUrl: database.url, admin: { login: 'shorty', password: 'short' } }),
    ).rejects.toThrow(/8–256/);
  });
});
