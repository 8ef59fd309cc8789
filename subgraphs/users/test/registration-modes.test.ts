import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@etl/kit';
import { createTestDatabase, errorCodes, TEST_SERVICE_ENV, uniqueName, type TestUser } from '@etl/testkit';
import { expectError } from '@etl/testkit/error-expectations';
import { readUsersConfig } from '../src/config.js';
import { startUsersSubgraph } from '../src/users-subgraph.js';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

/**
 * REGISTRATION through the real gateway: who may get an account (`open`, `closed`, `approval`),
 * what an account waiting for approval may do (nothing), and NEW_ACCOUNT_ROLE, the role every
 * new account gets. Each refusal is checked to have changed nothing.
 */

const PASSWORD = 'a long enough password';

function register(stack: UsersTestStack, login: string, password = PASSWORD) {
  return stack.operation('users', 'Register', { variables: { input: { login, password } } });
}

function login(stack: UsersTestStack, loginName: string, password = PASSWORD) {
  return stack.operation('users', 'Login', { variables: { login: loginName, password } });
}

/** How many accounts have this login, as the admin sees them. */
async function accountsNamed(stack: UsersTestStack, loginName: string): Promise<number> {
  const response = await stack.operation('users', 'Users', {
    token: await stack.adminToken(),
    variables: { search: loginName },
  });
  return response.data!.users.totalCount;
}

async function pendingLogins(stack: UsersTestStack): Promise<string[]> {
  const response = await stack.operation('users', 'PendingRegistrations', { token: await stack.adminToken() });
  expect(response.errors, response.text).toBeUndefined();
  return response.data!.pendingRegistrations.map((user: { login: string }) => user.login);
}

describe('REGISTRATION=closed', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({ REGISTRATION: 'closed' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses register with REGISTRATION_CLOSED and creates nothing', async () => {
    const name = uniqueName('closed');
    const refused = await register(stack, name);
    expectError(refused, 'REGISTRATION_CLOSED', 'register');
    expect(refused.data?.register ?? null).toBeNull();
    expect(await accountsNamed(stack, name)).toBe(0);
    expectError(await login(stack, name), 'UNAUTHENTICATED', 'login of the refused account');
  });

  it('says the same for a taken login and for bad input: nothing is looked at before the refusal', async () => {
    expectError(await register(stack, 'admin'), 'REGISTRATION_CLOSED', 'taken login');
    expectError(await register(stack, 'x', 'short'), 'REGISTRATION_CLOSED', 'bad input');
  });

  it('lets a holder of users:admin create an account that signs in at once', async () => {
    const name = uniqueName('made');
    const created = await stack.operation('users', 'CreateUser', {
      token: await stack.adminToken(),
      variables: { input: { login: name, password: PASSWORD, displayName: 'Made By Admin' } },
    });
    expect(created.errors, created.text).toBeUndefined();
    expect(created.data!.createUser).toMatchObject({ login: name, status: 'ACTIVE', roles: [{ name: 'viewer' }] });
    const signedIn = await login(stack, name);
    expect(signedIn.errors, signedIn.text).toBeUndefined();
  });

  it('checks createUser input like register, and refuses a taken login with CONFLICT', async () => {
    const token = await stack.adminToken();
    const create = (input: Record<string, unknown>) =>
      stack.operation('users', 'CreateUser', { token, variables: { input } });
    expectError(await create({ login: 'a/b', password: PASSWORD }), 'BAD_USER_INPUT', 'bad login');
    expectError(await create({ login: uniqueName('short'), password: 'short' }), 'BAD_USER_INPUT', 'short password');
    expectError(await create({ login: 'ADMIN', password: PASSWORD }), 'CONFLICT', 'taken login');
  });
});

describe('REGISTRATION=approval', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({ REGISTRATION: 'approval', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function pendingIdOf(name: string): Promise<string> {
    const response = await stack.operation('users', 'PendingRegistrations', { token: await stack.adminToken() });
    return response.data!.pendingRegistrations.find((user: { login: string }) => user.login === name).id;
  }

  it('stores the account PENDING and answers ACCOUNT_PENDING_APPROVAL, without a session', async () => {
    const name = uniqueName('wait');
    const registered = await register(stack, name);
    expectError(registered, 'ACCOUNT_PENDING_APPROVAL', 'register');
    expect(registered.data?.register ?? null).toBeNull();
    expect(await pendingLogins(stack)).toContain(name);
    const refreshTokens = await stack.users.orm.em
      .getConnection()
      .execute('select 1 from refresh_tokens r join users u on u.id = r.user_id where u.login = ?', [name]);
    expect(refreshTokens).toEqual([]);
  });

  it('refuses the right password of a pending account with ACCOUNT_PENDING_APPROVAL, a wrong one as for anyone', async () => {
    const name = uniqueName('early');
    await register(stack, name);
    expectError(await login(stack, name), 'ACCOUNT_PENDING_APPROVAL', 'right password');
    const wrong = await login(stack, name, 'not the password at all');
    const unknown = await login(stack, uniqueName('nobody'), 'not the password at all');
    expectError(wrong, 'UNAUTHENTICATED', 'wrong password');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
  });

  it('lets the account sign in, with NEW_ACCOUNT_ROLE, once approved; approving twice is CONFLICT', async () => {
    const name = uniqueName('approved');
    await register(stack, name);
    const id = await pendingIdOf(name);
    const root = await stack.adminToken();
    const approve = () => stack.operation('users', 'ApproveRegistration', { token: root, variables: { userId: id } });
    const approved = await approve();
    expect(approved.errors, approved.text).toBeUndefined();
    expect(approved.data!.approveRegistration).toMatchObject({ id, status: 'ACTIVE', roles: [{ name: 'viewer' }] });
    expect(await pendingLogins(stack)).not.toContain(name);
    const signedIn = await login(stack, name);
    expect(signedIn.errors, signedIn.text).toBeUndefined();
    expectError(await approve(), 'CONFLICT', 'approved twice');
  });

  it('deletes a rejected account: it cannot sign in, and its login is free again', async () => {
    const name = uniqueName('rejected');
    await register(stack, name);
    const id = await pendingIdOf(name);
    const root = await stack.adminToken();
    const reject = () => stack.operation('users', 'RejectRegistration', { token: root, variables: { userId: id } });
    const rejected = await reject();
    expect(rejected.data, rejected.text).toEqual({ rejectRegistration: true });
    expect(await accountsNamed(stack, name)).toBe(0);
    expectError(await login(stack, name), 'UNAUTHENTICATED', 'login after rejection');
    expectError(await reject(), 'NOT_FOUND', 'rejected twice');
    expectError(await register(stack, name), 'ACCOUNT_PENDING_APPROVAL', 'registers again');
  });

  it('refuses to approve or reject an active account with CONFLICT, changing nothing', async () => {
    const token = await stack.adminToken();
    const active: TestUser = await stack.createUser();
    for (const operation of ['ApproveRegistration', 'RejectRegistration']) {
      expectError(
        await stack.operation('users', operation, { token, variables: { userId: active.id } }),
        'CONFLICT',
        operation,
      );
    }
    expect(errorCodes(await login(stack, active.login, active.password))).toEqual([]);
  });

  it('answers bad ids and page sizes with BAD_USER_INPUT and unknown ids with NOT_FOUND', async () => {
    const token = await stack.adminToken();
    const approve = (userId: string) =>
      stack.operation('users', 'ApproveRegistration', { token, variables: { userId } });
    expectError(await approve('not-a-uuid'), 'BAD_USER_INPUT', 'malformed id');
    expectError(await approve('00000000-0000-4000-8000-000000000000'), 'NOT_FOUND', 'unknown id');
    for (const first of [0, 101, -1]) {
      const page = await stack.operation('users', 'PendingRegistrations', { token, variables: { first } });
      expectError(page, 'BAD_USER_INPUT', `first ${first}`);
    }
  });

  it('checks register input before storing anything', async () => {
    const name = uniqueName('bad');
    expectError(await register(stack, name, 'short'), 'BAD_USER_INPUT', 'short password');
    expect(await pendingLogins(stack)).not.toContain(name);
    expectError(await register(stack, 'admin'), 'CONFLICT', 'taken login');
  });
});

describe('NEW_ACCOUNT_ROLE', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({ REGISTRATION: 'open', NEW_ACCOUNT_ROLE: 'operator' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is the one role a registered account gets: what it may read', async () => {
    const registered = await register(stack, uniqueName('op'));
    expect(registered.errors, registered.text).toBeUndefined();
    const me = await stack.request('{ me { roles { name } permissions } }', {
      token: registered.data!.register.accessToken,
    });
    expect(me.data!.me).toEqual({
      roles: [{ name: 'operator' }],
      permissions: ['files:read', 'files:write', 'logs:read', 'scripts:execute', 'scripts:read'],
    });
  });

  it('must name a role: the service does not start otherwise', async () => {
    const database = await createTestDatabase();
    try {
      const config = readUsersConfig({
        ...TEST_SERVICE_ENV,
        DATABASE_URL: database.url,
        JWT_PRIVATE_KEY: stack.signingKey,
        NEW_ACCOUNT_ROLE: 'no-such-role',
      });
      const started = startUsersSubgraph(config);
      await expect(started).rejects.toBeInstanceOf(ConfigError);
      await expect(started).rejects.toThrow(/NEW_ACCOUNT_ROLE: no role is named "no-such-role"/);
    } finally {
      await database.drop();
    }
  });
});
