import { type BuiltInRole, type TestUser } from '@etl/testkit';
import { grantDatamoduleAccess } from './scripts-test-stack.js';
import { must, type AccessType, type ScriptFixtures } from './permission-fixtures.js';

/** The users the permission tests act as, each made the way real users get there. */

/** A fresh user holding exactly `role` (no `viewer` beside it unless `role` is viewer), signed in. */
export async function userWithRole({ stack, root }: ScriptFixtures, role: BuiltInRole): Promise<TestUser> {
  const user = await stack.createUser(role === 'viewer' ? [] : [role]);
  if (role === 'viewer') return user;
  const unassigned = await stack.operation('users', 'UnassignRole', {
    token: root,
    variables: { userId: user.id, role: 'viewer' },
  });
  must(unassigned, 'unassignRole');
  const login = must(
    await stack.operation('users', 'Login', { variables: { login: user.login, password: user.password } }),
    'login',
  );
  return { ...user, accessToken: login.accessToken, refreshToken: login.refreshToken };
}

/** One user per role of `roles`, each holding exactly that role. */
export async function usersWithRoles<R extends BuiltInRole>(
  fx: ScriptFixtures,
  roles: readonly R[],
): Promise<Record<R, TestUser>> {
  const users = await Promise.all(roles.map((role) => userWithRole(fx, role)));
  return Object.fromEntries(roles.map((role, i) => [role, users[i]!])) as Record<R, TestUser>;
}

/** Editor A: owns the "another editor's" targets and the read fixtures; approved WRITE on dm-matrix. */
export const editorA = async ({ stack }: ScriptFixtures): Promise<TestUser> =>
  grantDatamoduleAccess(stack, await stack.createUser(['editor']), 'dm-matrix', ['WRITE']);

/** A plain editor (editor B, the non-owner). */
export const editor = ({ stack }: ScriptFixtures): Promise<TestUser> => stack.createUser(['editor']);

export type DatamoduleState = 'none' | 'pending' | 'read' | 'readPendingWrite' | 'write' | 'owner';

/** Editors in each state of a datamodule access request for dm-x, reached the real way. */
export async function datamoduleCallers(fx: ScriptFixtures): Promise<Record<DatamoduleState, TestUser>> {
  const withAccess = async (types: AccessType[], approve = true) =>
    grantDatamoduleAccess(fx.stack, await editor(fx), 'dm-x', types, approve);
  const [none, pending, read, write, owner, readPendingWrite] = await Promise.all([
    editor(fx),
    withAccess(['WRITE'], false),
    withAccess(['READ']),
    withAccess(['WRITE']),
    withAccess(['OWNER']),
    (async () => grantDatamoduleAccess(fx.stack, await withAccess(['READ']), 'dm-x', ['WRITE'], false))(),
  ]);
  return { none, pending, read, readPendingWrite, write, owner };
}
