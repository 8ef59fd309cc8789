import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from '../src/roles/built-in-roles.js';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

const ROLE_FIELDS = 'roles { id name description permissions builtIn }';

function builtIn(name: string) {
  const role = BUILT_IN_ROLES.find((candidate) => candidate.name === name)!;
  return { name, description: role.description, permissions: [...role.permissions].sort(), builtIn: true };
}

/** A user's roles as `me`, `users` and `permissions` show them: every column, in name order, per user. */
describe("a user's roles", () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack();
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('are shown to oneself in name order, each with all its fields, and their permissions merged', async () => {
    const user = await stack.createUser(['viewer', 'editor', 'operator'], 'roles-three');
    const response = await stack.request(`{ me { id ${ROLE_FIELDS} permissions } }`, { token: user.accessToken });
    expect(response.errors).toBeUndefined();
    const me = response.data!.me;
    expect(me.roles.map((role: { name: string }) => role.name)).toEqual(['editor', 'operator', 'viewer']);
    expect(me.roles.map(({ id: _id, ...role }: { id: string }) => role)).toEqual([
      builtIn('editor'),
      builtIn('operator'),
      builtIn('viewer'),
    ]);
    for (const role of me.roles) expect(role.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(me.permissions).toEqual(
      [...new Set(['editor', 'operator', 'viewer'].flatMap((name) => builtIn(name).permissions))].sort(),
    );
  });

  it('go each to its own user on a page of users', async () => {
    // A new account holds the default role, viewer, besides those given.
    const [plain, operator, two] = [
      await stack.createUser([], 'roles-page-a'),
      await stack.createUser(['operator'], 'roles-page-b'),
      await stack.createUser(['operator', 'data-manager'], 'roles-page-c'),
    ];
    const response = await stack.request(
      `{ users(first: 3, search: "roles-page-") { edges { node { id login roles { name } permissions } } } }`,
      { token: await stack.adminToken() },
    );
    expect(response.errors).toBeUndefined();
    const merged = (...names: string[]) => [...new Set(names.flatMap((name) => builtIn(name).permissions))].sort();
    expect(response.data!.users.edges.map((edge: { node: unknown }) => edge.node)).toEqual([
      { id: plain.id, login: 'roles-page-a', roles: [{ name: 'viewer' }], permissions: merged('viewer') },
      {
        id: operator.id,
        login: 'roles-page-b',
        roles: [{ name: 'operator' }, { name: 'viewer' }],
        permissions: merged('operator', 'viewer'),
      },
      {
        id: two.id,
        login: 'roles-page-c',
        roles: [{ name: 'data-manager' }, { name: 'operator' }, { name: 'viewer' }],
        permissions: merged('data-manager', 'operator', 'viewer'),
      },
    ]);
  });
});
