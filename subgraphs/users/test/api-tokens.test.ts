import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type TestStack, type TestUser, uniqueName } from '@etl/testkit';
import { expectNoLeaks } from '@etl/testkit/error-expectations';
import { ApiToken } from '../src/api-tokens/api-token.entity.js';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();
const HAS = 'query Has($rule: JSON!) { hasPermissions(rule: $rule) }';
const WHO = 'query Who { me { id login kind permissions } }';

/** API tokens and service accounts through the real gateway, which trades secrets for access tokens. */
describe('API tokens', () => {
  let stack: UsersTestStack;
  let admin: string;
  let operator: TestUser;

  async function createToken(token: string, input: Record<string, unknown>) {
    return stack.operation('users', 'CreateApiToken', {
      token,
      variables: { input: { name: uniqueName('token'), expiresAt: inDays(30), ...input } },
    });
  }

  async function mustCreate(token: string, input: Record<string, unknown>): Promise<{ secret: string; id: string }> {
    const created = await createToken(token, input);
    if (!created.data?.createApiToken) throw new Error(`createApiToken failed: ${created.text}`);
    return { secret: created.data.createApiToken.secret, id: created.data.createApiToken.apiToken.id };
  }

  async function tokensOf(userId: string): Promise<Array<Record<string, any>>> {
    const listed = await stack.operation('users', 'ApiTokens', { token: admin, variables: { userId } });
    if (!listed.data?.apiTokens) throw new Error(`apiTokens failed: ${listed.text}`);
    return listed.data.apiTokens;
  }

  beforeAll(async () => {
    stack = await startUsersStack();
    admin = await stack.adminToken();
    operator = await stack.createUser(['operator']);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('answers the secret once, lists the token without it, and acts with the token permissions only', async () => {
    const created = await createToken(operator.accessToken, {
      name: 'nightly scheduler',
      permissions: ['scripts:execute', 'scripts:read'],
    });
    expect(created.errors).toBeUndefined();
    const { secret, apiToken } = created.data!.createApiToken;
    expect(secret).toMatch(/^etl_pat_[A-Za-z0-9_-]{43}$/);
    expect(apiToken).toMatchObject({
      name: 'nightly scheduler',
      permissions: ['scripts:execute', 'scripts:read'],
      secretStart: secret.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
      owner: { id: operator.id, login: operator.login },
      createdBy: { id: operator.id },
    });

    const me = await stack.request(WHO, { token: secret });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ id: operator.id, kind: 'PERSON' });
    // The operator holds logs:read; the token was not given it.
    const logs = await stack.request(HAS, { token: secret, variables: { rule: 'logs:read' } });
    expect(logs.data).toEqual({ hasPermissions: false });
    const execute = await stack.request(HAS, { token: secret, variables: { rule: 'scripts:execute' } });
    expect(execute.data).toEqual({ hasPermissions: true });

    const listed = await stack.operation('users', 'ApiTokens', { token: operator.accessToken });
    expect(listed.text).not.toContain(secret);
    const mine = listed.data!.apiTokens.find((t: { id: string }) => t.id === apiToken.id);
    expect(new Date(mine.lastUsedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const row = await stack.users.orm.em.fork().findOneOrFail(ApiToken, apiToken.id);
    expect(row.secretHash).not.toContain(secret.slice(8));
  });

  it('refuses permissions the creator does not hold, and makes no token', async () => {
    const before = (await tokensOf(operator.id)).length;
    for (const permission of ['users:admin', 'scripts:*', '*']) {
      const refused = await createToken(operator.accessToken, { permissions: ['scripts:read', permission] });
      expect(errorCodes(refused)).toEqual(['FORBIDDEN']);
      expect(refused.errors![0]!.message).toBe(`The token cannot hold ${permission}: you do not hold it`);
    }
    expect(await tokensOf(operator.id)).toHaveLength(before);
  });

  it.each([
    ['an unknown permission', { permissions: ['scripts:fly'] }, 'permissions'],
    ['no permission', { permissions: [] }, 'permissions'],
    ['an empty name', { name: '  ', permissions: ['scripts:read'] }, 'name'],
    ['a name with control characters', { name: 'a\u0007b', permissions: ['scripts:read'] }, 'name'],
    ['an expiry in the past', { permissions: ['scripts:read'], expiresAt: inDays(-1) }, 'expiresAt'],
    ['an expiry beyond the longest lifetime', { permissions: ['scripts:read'], expiresAt: inDays(400) }, 'expiresAt'],
    ['a malformed userId', { permissions: ['scripts:read'], userId: 'nope' }, 'userId'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, input, field) => {
    const refused = await createToken(admin, input);
    expect(errorCodes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0]!.extensions).toMatchObject({ field });
  });

  it('refuses a made-up, malformed or revoked secret with UNAUTHENTICATED and a 401', async () => {
    const { secret, id } = await mustCreate(operator.accessToken, { permissions: ['scripts:read'] });
    const revoked = await stack.operation('users', 'RevokeApiToken', {
      token: operator.accessToken,
      variables: { id },
    });
    expect(revoked.data!.revokeApiToken.revokedAt).toEqual(expect.any(String));
    for (const bad of [secret, `etl_pat_${'A'.repeat(43)}`, 'etl_pat_short', `${secret}x`]) {
      const response = await stack.request(WHO, { token: bad });
      expect(response.status, bad).toBe(401);
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
      expect(response.errors![0]!.message).toBe('Invalid, expired or revoked API token');
      expectNoLeaks(response.text, bad);
    }
  });

  it('refuses an expired token', async () => {
    const { secret, id } = await mustCreate(operator.accessToken, { permissions: ['scripts:read'] });
    await stack.users.orm.em.fork().nativeUpdate(ApiToken, id, { expiresAt: new Date(Date.now() - 1000) });
    expect(errorCodes(await stack.request(WHO, { token: secret }))).toEqual(['UNAUTHENTICATED']);
  });

  it("cuts a token's permissions to what its owner holds when it is used", async () => {
    const user = await stack.createUser(['operator']);
    const { secret } = await mustCreate(user.accessToken, { permissions: ['logs:read', 'scripts:read'] });
    const unassigned = await stack.operation('users', 'UnassignRole', {
      token: admin,
      variables: { userId: user.id, role: 'operator' },
    });
    expect(unassigned.errors).toBeUndefined();
    const logs = await stack.request(HAS, { token: secret, variables: { rule: 'logs:read' } });
    expect(logs.data).toEqual({ hasPermissions: false });
  });

  it("lets only its owner or users:admin list and revoke a user's tokens", async () => {
    const other = await stack.createUser(['operator']);
    const { id } = await mustCreate(operator.accessToken, { permissions: ['scripts:read'] });
    const listed = await stack.operation('users', 'ApiTokens', {
      token: other.accessToken,
      variables: { userId: operator.id },
    });
    expect(errorCodes(listed)).toEqual(['FORBIDDEN']);
    const revoked = await stack.operation('users', 'RevokeApiToken', { token: other.accessToken, variables: { id } });
    expect(errorCodes(revoked)).toEqual(['NOT_FOUND']);
    expect((await tokensOf(operator.id)).find((t) => t.id === id)!.revokedAt).toBeNull();
    const byAdmin = await stack.operation('users', 'RevokeApiToken', { token: admin, variables: { id } });
    expect(byAdmin.data!.revokeApiToken).toMatchObject({ id, revokedAt: expect.any(String) });
  });
});

describe('service accounts', () => {
  let stack: TestStack;
  let admin: string;

  beforeAll(async () => {
    stack = await startUsersStack();
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function serviceAccount(login = uniqueName('svc')): Promise<{ id: string; login: string }> {
    const created = await stack.operation('users', 'CreateServiceAccount', {
      token: admin,
      variables: { input: { login, displayName: 'Nightly scheduler' } },
    });
    expect(created.errors, created.text).toBeUndefined();
    expect(created.data!.createServiceAccount).toMatchObject({ login, kind: 'SERVICE_ACCOUNT' });
    return created.data!.createServiceAccount;
  }

  it('holds roles and tokens set by users:admin, and acts through its tokens', async () => {
    const account = await serviceAccount();
    const assigned = await stack.operation('users', 'AssignRole', {
      token: admin,
      variables: { userId: account.id, role: 'operator' },
    });
    expect(assigned.data!.assignRole.roles).toEqual([{ name: 'operator' }]);
    const created = await stack.operation('users', 'CreateApiToken', {
      token: admin,
      variables: {
        input: { name: 'scheduler', permissions: ['scripts:execute'], expiresAt: inDays(90), userId: account.id },
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createApiToken.apiToken).toMatchObject({
      owner: { id: account.id },
      createdBy: { login: 'admin' },
    });
    const secret = created.data!.createApiToken.secret;
    const me = await stack.request(WHO, { token: secret });
    expect(me.data!.me).toMatchObject({ id: account.id, kind: 'SERVICE_ACCOUNT' });
    const execute = await stack.request(HAS, { token: secret, variables: { rule: 'scripts:execute' } });
    expect(execute.data).toEqual({ hasPermissions: true });
    const read = await stack.request(HAS, { token: secret, variables: { rule: 'scripts:read' } });
    expect(read.data).toEqual({ hasPermissions: false });
  });

  it('never signs in with a password', async () => {
    const account = await serviceAccount();
    for (const password of ['', 'any password at all']) {
      const login = await stack.operation('users', 'Login', { variables: { login: account.login, password } });
      expect(errorCodes(login)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it("refuses a service account's token beyond the account's roles, and tokens for a person", async () => {
    const account = await serviceAccount();
    const beyondRoles = await stack.operation('users', 'CreateApiToken', {
      token: admin,
      variables: { input: { name: 'x', permissions: ['logs:read'], expiresAt: inDays(1), userId: account.id } },
    });
    expect(errorCodes(beyondRoles)).toEqual(['FORBIDDEN']);
    expect(beyondRoles.errors![0]!.message).toMatch(/the service account does not hold it/);
    const person = await stack.createUser(['operator']);
    const forPerson = await stack.operation('users', 'CreateApiToken', {
      token: admin,
      variables: { input: { name: 'x', permissions: ['scripts:read'], expiresAt: inDays(1), userId: person.id } },
    });
    expect(errorCodes(forPerson)).toEqual(['FORBIDDEN']);
  });

  it('refuses a taken login and a bad one', async () => {
    const account = await serviceAccount();
    const taken = await stack.operation('users', 'CreateServiceAccount', {
      token: admin,
      variables: { input: { login: account.login.toUpperCase() } },
    });
    expect(errorCodes(taken)).toEqual(['CONFLICT']);
    const bad = await stack.operation('users', 'CreateServiceAccount', {
      token: admin,
      variables: { input: { login: 'a b' } },
    });
    expect(errorCodes(bad)).toEqual(['BAD_USER_INPUT']);
  });
});
