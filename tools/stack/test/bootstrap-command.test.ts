import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testGateway } from '@etl/gateway/testing';
import { createTestDatabase, postGraphQL, startTestStack, type TestDatabase } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('`pnpm etl bootstrap`', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('bootstraps an external database twice with the same outcome, and the superuser can sign in', async () => {
    const env = { ...process.env, USERS_DATABASE_URL: database.url, ETL_ADMIN_PASSWORD: '' };
    const args = [cli, 'bootstrap', '--admin-login', 'ops', '--admin-password', 'ops password 1'];
    const first = await run(process.execPath, args, { env });
    expect(first.stdout).toContain('Superuser ops: created.');
    const second = await run(process.execPath, args, { env });
    expect(second.stdout).toContain('Superuser ops: unchanged.');

    const stack = await startTestStack({ users: usersSubgraph({ DATABASE_URL: database.url }), gateway: testGateway });
    try {
      const login = await postGraphQL(
        stack.gatewayUrl,
        'mutation { login(login: "ops", password: "ops password 1") { user { login } } }',
      );
      expect(login.data).toEqual({ login: { user: { login: 'ops' } } });
    } finally {
      await stack.stop();
    }
  });

  it('fails with a clear message and exit code for a bad password', async () => {
    const env = { ...process.env, USERS_DATABASE_URL: database.url };
    const failed = await run(
      process.execPath,
      [cli, 'bootstrap', '--admin-login', 'x1x', '--admin-password', 'short'],
      { env },
    ).catch((e) => e);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/8–256 characters/);
  });
});
