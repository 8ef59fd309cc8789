import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, TEST_ADMIN, type TestStack } from '@etl/testkit';
import { startUsersStack } from './support/users-test-stack.js';

/** Every operation of schema/operations/users.graphql, sent whole through the real gateway. */
describe('users.graphql through the gateway', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startUsersStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('registers, logs in, refreshes, reads me, and logs out', async () => {
    const registered = await stack.operation('users', 'Register', {
      variables: { input: { login: 'Geologist.One', password: 'correct horse battery', displayName: 'Geo One' } },
    });
    expect(registered.errors).toBeUndefined();
    const auth = registered.data!.register;
    expect(auth.user.login).toBe('Geologist.One');
    expect(new Date(auth.expiresAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    const login = await stack.operation('users', 'Login', {
      variables: { login: 'geologist.one', password: 'correct horse battery' },
    });
    expect(login.data!.login.user.id).toBe(auth.user.id);

    const me = await stack.operation('users', 'Me', { token: login.data!.login.accessToken });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({
      id: auth.user.id,
      login: 'Geologist.One',
      displayName: 'Geo One',
      roles: [{ name: 'viewer', permissions: ['files:read', 'scripts:read'] }],
      permissions: ['files:read', 'scripts:read'],
      datamoduleAccesses: [],
    });

    const refreshed = await stack.operation('users', 'Refresh', {
      variables: { refreshToken: login.data!.login.refreshToken },
    });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshToken.refreshToken).not.toBe(login.data!.login.refreshToken);

    const token = refreshed.data!.refreshToken.accessToken;
    const logout = await stack.operation('users', 'Logout', {
      token,
      variables: { refreshToken: refreshed.data!.refreshToken.refreshToken },
    });
    expect(logout.data).toEqual({ logout: true });
    const afterLogout = await stack.operation('users', 'Refresh', {
      variables: { refreshToken: refreshed.data!.refreshToken.refreshToken },
    });
    expect(errorCodes(afterLogout)).toEqual(['UNAUTHENTICATED']);

    // The logged-out session's token is refused within the revocation delay: the other calls use
    // the registration's session, then a sign-in after logoutAll.
    expect((await stack.operation('users', 'LogoutAll', { token: auth.accessToken })).data).toEqual({
      logoutAll: true,
    });
    const again = await stack.operation('users', 'Login', {
      variables: { login: 'geologist.one', password: 'correct horse battery' },
    });
    const changed = await stack.operation('users', 'ChangePassword', {
      token: again.data!.login.accessToken,
      variables: { currentPassword: 'correct horse battery', newPassword: 'a new long password' },
    });
    expect(changed.data).toEqual({ changePassword: true });
    const withNew = await stack.operation('users', 'Login', {
      variables: { login: 'Geologist.One', password: 'a new long password' },
    });
    expect(withNew.errors).toBeUndefined();
  });

  it("lets a sign-in select the user's own roles and permissions in the same request", async () => {
    const user = await stack.createUser(['editor']);
    const response = await stack.request(
      'mutation($l: String!, $p: String!) { login(login: $l, password: $p) { user { login roles { name } permissions } } }',
      { variables: { l: user.login, p: user.password } },
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.login.user).toEqual({
      login: user.login,
      roles: [{ name: 'editor' }, { name: 'viewer' }],
      permissions: ['files:read', 'files:write', 'scripts:read', 'scripts:release', 'scripts:write'],
    });
  });

  it('answers me with null for an anonymous caller', async () => {
    const me = await stack.operation('users', 'Me');
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({ me: null });
  });

  it('reads users and a user, paged and searched', async () => {
    const admin = await stack.adminToken();
    const created = await Promise.all(['pager-a', 'pager-b', 'pager-c'].map((login) => stack.createUser([], login)));
    const page1 = await stack.operation('users', 'Users', { token: admin, variables: { first: 2, search: 'pager-' } });
    expect(page1.errors).toBeUndefined();
    expect(page1.data!.users.totalCount).toBe(3);
    expect(page1.data!.users.edges.map((e: { node: { login: string } }) => e.node.login)).toEqual([
      'pager-a',
      'pager-b',
    ]);
    expect(page1.data!.users.pageInfo.hasNextPage).toBe(true);
    const page2 = await stack.operation('users', 'Users', {
      token: admin,
      variables: { first: 2, search: 'pager-', after: page1.data!.users.pageInfo.endCursor },
    });
    expect(page2.data!.users.edges.map((e: { node: { login: string } }) => e.node.login)).toEqual(['pager-c']);
    expect(page2.data!.users.pageInfo).toMatchObject({ hasNextPage: false });
    expect(page2.data!.users.edges[0].node.roles).toEqual([{ name: 'viewer' }]);

    const user = await stack.operation('users', 'User', { token: admin, variables: { id: created[1]!.id } });
    expect(user.data!.user).toMatchObject({
      id: created[1]!.id,
      login: 'pager-b',
      roles: [{ name: 'viewer' }],
      permissions: ['files:read', 'scripts:read'],
    });
  });

  it('manages roles and their assignment', async () => {
    const admin = await stack.adminToken();
    const roles = await stack.operation('users', 'Roles', { token: admin });
    expect(roles.data!.roles.map((r: { name: string }) => r.name)).toEqual([
      'admin',
      'data-manager',
      'editor',
      'operator',
      'viewer',
    ]);
    expect(roles.data!.roles.every((r: { builtIn: boolean }) => r.builtIn)).toBe(true);

    const created = await stack.operation('users', 'CreateRole', {
      token: admin,
      variables: {
        input: { name: 'auditor', description: 'Reads', permissions: ['users:read', 'scripts:read', 'scripts:read'] },
      },
    });
    expect(created.errors).toBeUndefined();
    expect(created.data!.createRole).toMatchObject({ name: 'auditor', permissions: ['scripts:read', 'users:read'] });
    const roleId = created.data!.createRole.id;

    const updated = await stack.operation('users', 'UpdateRole', {
      token: admin,
      variables: { id: roleId, input: { name: 'log-auditor', permissions: ['logs:read'] } },
    });
    expect(updated.data!.updateRole).toEqual({ id: roleId, name: 'log-auditor', permissions: ['logs:read'] });

    const user = await stack.createUser();
    const assigned = await stack.operation('users', 'AssignRole', {
      token: admin,
      variables: { userId: user.id, role: 'log-auditor' },
    });
    expect(assigned.data!.assignRole.roles.map((r: { name: string }) => r.name)).toEqual(['log-auditor', 'viewer']);
    expect(assigned.data!.assignRole.permissions).toEqual(['files:read', 'logs:read', 'scripts:read']);
    const unassigned = await stack.operation('users', 'UnassignRole', {
      token: admin,
      variables: { userId: user.id, role: 'log-auditor' },
    });
    expect(unassigned.data!.unassignRole.roles).toEqual([{ name: 'viewer' }]);

    expect((await stack.operation('users', 'DeleteRole', { token: admin, variables: { id: roleId } })).data).toEqual({
      deleteRole: true,
    });
    const builtIn = roles.data!.roles.find((r: { name: string }) => r.name === 'viewer');
    const protectedDelete = await stack.operation('users', 'DeleteRole', {
      token: admin,
      variables: { id: builtIn.id },
    });
    expect(errorCodes(protectedDelete)).toEqual(['FORBIDDEN']);
  });

  it('evaluates permission rules for the caller and for another user', async () => {
    const admin = await stack.adminToken();
    const editor = await stack.createUser(['editor']);
    const rule = { any: ['scripts:admin', { all: ['scripts:write', 'scripts:release'] }] };
    expect(
      (await stack.operation('users', 'HasPermissions', { token: editor.accessToken, variables: { rule } })).data,
    ).toEqual({ hasPermissions: true });
    const viewer = await stack.createUser();
    expect(
      (await stack.operation('users', 'HasPermissions', { token: viewer.accessToken, variables: { rule } })).data,
    ).toEqual({ hasPermissions: false });
    expect(
      (await stack.operation('users', 'HasPermissions', { token: admin, variables: { rule, userId: viewer.id } })).data,
    ).toEqual({ hasPermissions: false });
    expect(
      (await stack.operation('users', 'HasPermissions', { token: admin, variables: { rule, userId: editor.id } })).data,
    ).toEqual({ hasPermissions: true });
  });

  it('requests, lists, approves and revokes datamodule access', async () => {
    const requester = await stack.createUser();
    const manager = await stack.createUser(['data-manager']);
    const requested = await stack.operation('users', 'RequestDatamoduleAccess', {
      token: requester.accessToken,
      variables: { datamoduleId: 'dm-geology', accessTypes: ['WRITE', 'READ', 'WRITE'] },
    });
    expect(requested.errors).toBeUndefined();
    expect(requested.data!.requestDatamoduleAccess).toMatchObject({
      datamoduleId: 'dm-geology',
      accessTypes: ['READ', 'WRITE'],
      approved: false,
    });
    const id = requested.data!.requestDatamoduleAccess.id;

    const pending = await stack.operation('users', 'PendingDatamoduleAccesses', { token: manager.accessToken });
    expect(pending.data!.pendingDatamoduleAccesses).toContainEqual({
      id,
      datamoduleId: 'dm-geology',
      accessTypes: ['READ', 'WRITE'],
      user: { id: requester.id, login: requester.login },
    });

    const approved = await stack.operation('users', 'ApproveDatamoduleAccess', {
      token: manager.accessToken,
      variables: { id },
    });
    expect(approved.data!.approveDatamoduleAccess).toEqual({ id, approved: true });

    // The approval reaches the requester's token at the next refresh.
    const refreshed = await stack.operation('users', 'Refresh', {
      variables: { refreshToken: requester.refreshToken },
    });
    const claims = JSON.parse(
      Buffer.from(refreshed.data!.refreshToken.accessToken.split('.')[1], 'base64url').toString(),
    );
    expect(claims.dm).toEqual({ 'dm-geology': ['READ', 'WRITE'] });

    const revoked = await stack.operation('users', 'RevokeDatamoduleAccess', {
      token: manager.accessToken,
      variables: { id },
    });
    expect(revoked.data).toEqual({ revokeDatamoduleAccess: true });
    const me = await stack.operation('users', 'Me', { token: refreshed.data!.refreshToken.accessToken });
    expect(me.data!.me.datamoduleAccesses).toEqual([]);
  });

  it('keeps the bootstrap superuser working', async () => {
    const login = await stack.operation('users', 'Login', {
      variables: { login: TEST_ADMIN.login, password: TEST_ADMIN.password },
    });
    expect(login.data!.login.user.login).toBe('admin');
  });
});
