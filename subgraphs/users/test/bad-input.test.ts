import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueName } from '@etl/testkit';
import { expectError, expectErrorOneOf } from '@etl/testkit/error-expectations';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

/**
 * Malformed and oversized input, through the real gateway: each case gets its contract code,
 * the request id, and never a stack trace, SQL, a path or another internal message.
 */

describe('bad input', () => {
  let stack: UsersTestStack;
  let admin: string;
  beforeAll(async () => {
    // Failed logins here must never throttle the one client address every request comes from.
    stack = await startUsersStack({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000' });
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const register = (login: string, password = 'a perfectly good password') =>
    stack.operation('users', 'Register', { variables: { input: { login, password } } });

  async function usersWithPrefix(prefix: string): Promise<number> {
    const rows = await stack.users.orm.em
      .getConnection()
      .execute<Array<{ count: string }>>('select count(*) as count from users where login_key like ?', [
        `${prefix.toLowerCase()}%`,
      ]);
    return Number(rows[0]!.count);
  }

  describe('register', () => {
    it('refuses malformed logins with BAD_USER_INPUT and creates no user', async () => {
      const prefix = uniqueName('bad-login');
      const cases: Record<string, string> = {
        'too short': 'ab',
        'one character': 'a',
        empty: '',
        '65 characters': `${prefix}-`.padEnd(65, 'x'),
        'far too long': `${prefix}-`.padEnd(10_000, 'x'),
        'a space': `${prefix} user`,
        'a leading space': ` ${prefix}`,
        'a slash': `${prefix}/user`,
        'a backslash': `${prefix}\\user`,
        'path traversal': `../${prefix}`,
        'an at sign': `${prefix}@example.org`,
        'a quote': `${prefix}'--`,
        'unicode letters': `${prefix}-jöhn`,
        'a Cyrillic look-alike': `${prefix}-аdmin`,
        'an emoji': `${prefix}-🙂`,
        'a zero-width space': `${prefix}\u200b`,
        'a NUL': `${prefix}\u0000x`,
        'a newline': `${prefix}\nx`,
        'a tab': `${prefix}\tx`,
        'a DEL': `${prefix}\u007f`,
        'an escape': `${prefix}\u001b[31m`,
      };
      for (const [label, login] of Object.entries(cases)) {
        const response = await register(login);
        expectError(response, 'BAD_USER_INPUT', `login with ${label}`);
        expect(response.data?.register ?? null, label).toBeNull();
        expect(response.errors![0]!.extensions?.field, label).toBe('login');
      }
      expect(await usersWithPrefix(prefix)).toBe(0);

      // The boundaries themselves are accepted.
      const longest = `${prefix}-`.padEnd(64, 'x');
      expect((await register(longest)).errors).toBeUndefined();
      expect((await register(`${prefix}.A_b-9`)).errors).toBeUndefined();
    });

    it('refuses passwords shorter than 8 or longer than 256 characters', async () => {
      const prefix = uniqueName('bad-password');
      for (const [label, password] of [
        ['7 characters', 'x'.repeat(7)],
        ['empty', ''],
        ['257 characters', 'x'.repeat(257)],
        ['100,000 characters', 'x'.repeat(100_000)],
      ] as const) {
        const response = await register(`${prefix}-user`, password);
        expectError(response, 'BAD_USER_INPUT', `password of ${label}`);
        expect(response.errors![0]!.extensions?.field, label).toBe('password');
        expect(response.text).not.toContain(password || 'never');
      }
      expect(await usersWithPrefix(prefix)).toBe(0);

      expect((await register(`${prefix}-eight`, 'x'.repeat(8))).errors).toBeUndefined();
      const max = await register(`${prefix}-max`, 'y'.repeat(256));
      expect(max.errors).toBeUndefined();
      const login = await stack.operation('users', 'Login', {
        variables: { login: `${prefix}-max`, password: 'y'.repeat(256) },
      });
      expect(login.errors).toBeUndefined();
    });

    it('refuses a taken login in another letter case with CONFLICT', async () => {
      const prefix = uniqueName('Dup');
      const first = await register(`${prefix}-Geologist`);
      expect(first.errors).toBeUndefined();
      for (const login of [`${prefix}-geologist`, `${prefix}-GEOLOGIST`, `${prefix}-Geologist`]) {
        const duplicate = await register(login, 'another good password');
        expectError(duplicate, 'CONFLICT', login);
        expect(duplicate.data?.register ?? null).toBeNull();
      }
      expect(await usersWithPrefix(prefix)).toBe(1);
      // The first registration keeps its password.
      const login = await stack.operation('users', 'Login', {
        variables: { login: `${prefix}-geologist`, password: 'a perfectly good password' },
      });
      expect(login.errors).toBeUndefined();
    });

    it('refuses a display name with control characters', async () => {
      const prefix = uniqueName('bad-display');
      const response = await stack.operation('users', 'Register', {
        variables: {
          input: { login: `${prefix}-user`, password: 'a perfectly good password', displayName: 'a\u0000b' },
        },
      });
      expectError(response, 'BAD_USER_INPUT');
      const tooLong = await stack.operation('users', 'Register', {
        variables: {
          input: { login: `${prefix}-user`, password: 'a perfectly good password', displayName: 'x'.repeat(201) },
        },
      });
      expectError(tooLong, 'BAD_USER_INPUT');
      expect(await usersWithPrefix(prefix)).toBe(0);
    });
  });

  describe('login', () => {
    it('answers odd logins like any unknown login, never with an internal error', async () => {
      const prefix = uniqueName('odd-login');
      for (const login of [`${prefix}\u0000`, `${prefix}-`.padEnd(10_000, 'x'), `${prefix}' or 1=1 --`, '']) {
        const response = await stack.operation('users', 'Login', { variables: { login, password: 'some password' } });
        expectErrorOneOf(
          response,
          ['UNAUTHENTICATED', 'BAD_USER_INPUT'],
          `login ${JSON.stringify(login.slice(0, 40))}`,
        );
      }
    });
  });

  describe('ids', () => {
    const junkIds = ['1', "' or 1=1 --", 'x', '', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`];
    /** Operations with one id argument, and how to send `id` to each. */
    const byId: Array<[string, (id: string) => Record<string, unknown>]> = [
      ['User', (id) => ({ id })],
      ['ApproveDatamoduleAccess', (id) => ({ id })],
      ['RevokeDatamoduleAccess', (id) => ({ id })],
      ['UpdateRole', (id) => ({ id, input: { name: 'renamed' } })],
      ['DeleteRole', (id) => ({ id })],
      ['AssignRole', (id) => ({ userId: id, role: 'viewer' })],
      ['UnassignRole', (id) => ({ userId: id, role: 'viewer' })],
      ['HasPermissions', (id) => ({ rule: 'scripts:read', userId: id })],
    ];

    it('refuses ids that are not UUIDs with BAD_USER_INPUT', async () => {
      const prefix = uniqueName('junk-ids');
      const user = await stack.createUser([], `${prefix}-user`);
      for (const id of junkIds) {
        for (const [operation, variables] of byId) {
          // hasPermissions treats an empty userId as "the caller": covered on its own below.
          if (operation === 'HasPermissions' && id === '') continue;
          expectError(
            await stack.operation('users', operation, { token: admin, variables: variables(id) }),
            'BAD_USER_INPUT',
            `${operation} ${JSON.stringify(id)}`,
          );
        }
      }
      // A user may read themself, by the exact id only.
      const self = await stack.operation('users', 'User', { token: user.accessToken, variables: { id: user.id } });
      expect(self.errors).toBeUndefined();
      expectError(
        await stack.operation('users', 'User', { token: admin, variables: { id: `${user.id} ` } }),
        'BAD_USER_INPUT',
        'id with a trailing space',
      );
    });

    it('answers well-formed unknown UUIDs with NOT_FOUND', async () => {
      for (const id of [randomUUID(), '00000000-0000-0000-0000-000000000000', randomUUID().toUpperCase()]) {
        for (const [operation, variables] of byId) {
          expectError(
            await stack.operation('users', operation, { token: admin, variables: variables(id) }),
            'NOT_FOUND',
            `${operation} ${id}`,
          );
        }
      }
    });

    it('refuses an empty userId in hasPermissions instead of answering for the caller', async () => {
      // The admin holds every permission; a viewer does not: an answer about "" must not be the admin's.
      const response = await stack.operation('users', 'HasPermissions', {
        token: admin,
        variables: { rule: 'users:admin', userId: '' },
      });
      expectError(response, 'BAD_USER_INPUT', 'hasPermissions userId ""');
      expect(response.data?.hasPermissions ?? null).toBeNull();
    });
  });

  describe('hasPermissions', () => {
    it('refuses malformed rules with BAD_USER_INPUT', async () => {
      const prefix = uniqueName('rules');
      const user = await stack.createUser([], `${prefix}-user`);
      let deep: unknown = 'scripts:read';
      for (let i = 0; i < 50; i++) deep = { any: [deep] };
      const cases: Record<string, unknown> = {
        'a misspelt operator': { anyy: [] },
        'an empty any': { any: [] },
        'an empty all': { all: [] },
        'two operators': { any: 'x', all: [] },
        'two valid operators': { any: ['scripts:read'], all: ['scripts:read'] },
        'any not a list': { any: 'scripts:read' },
        'a number': 42,
        'null inside': { any: [null] },
        'a boolean': true,
        'a list': ['scripts:read'],
        'an empty object': {},
        'not a permission': 'not a permission',
        'an empty string': '',
        'a permission with SQL': "scripts:read' or 1=1 --",
        'nested 50 levels deep': deep,
        '1,000 parts': { any: Array.from({ length: 1_000 }, () => 'scripts:read') },
        '1,000 nested parts': { all: Array.from({ length: 1_000 }, () => ({ any: ['scripts:read'] })) },
      };
      for (const [label, rule] of Object.entries(cases)) {
        const response = await stack.operation('users', 'HasPermissions', {
          token: user.accessToken,
          variables: { rule },
        });
        expectError(response, 'BAD_USER_INPUT', label);
        expect(response.data?.hasPermissions ?? null, label).toBeNull();
      }
      // A null rule is refused before it reaches the resolver.
      expectError(
        await stack.operation('users', 'HasPermissions', { token: user.accessToken, variables: { rule: null } }),
        'BAD_USER_INPUT',
        'null',
      );
      // Nesting within the limit still works.
      let shallow: unknown = 'scripts:read';
      for (let i = 0; i < 5; i++) shallow = { all: [shallow] };
      const ok = await stack.operation('users', 'HasPermissions', {
        token: user.accessToken,
        variables: { rule: shallow },
      });
      expect(ok.errors).toBeUndefined();
      expect(ok.data).toEqual({ hasPermissions: true });
    });
  });

  describe('roles', () => {
    it('refuses unknown permissions and bad names with BAD_USER_INPUT, and a taken name with CONFLICT', async () => {
      const prefix = uniqueName('roles').toLowerCase();
      const createRole = (input: Record<string, unknown>) =>
        stack.operation('users', 'CreateRole', { token: admin, variables: { input } });

      for (const permissions of [['scripts:fly'], ['nonsense'], ['scripts:read', 'users:'], [''], ['SCRIPTS:READ']]) {
        expectError(
          await createRole({ name: `${prefix}-perm`, permissions }),
          'BAD_USER_INPUT',
          JSON.stringify(permissions),
        );
      }
      for (const name of [
        '',
        'a',
        'Bad Name',
        'UPPER',
        '1starts-with-digit',
        'has/slash',
        'x'.repeat(65),
        'tab\tname',
      ]) {
        expectError(await createRole({ name, permissions: ['scripts:read'] }), 'BAD_USER_INPUT', JSON.stringify(name));
      }
      expectError(
        await createRole({ name: `${prefix}-desc`, description: 'x'.repeat(501), permissions: ['scripts:read'] }),
        'BAD_USER_INPUT',
        'description',
      );

      const created = await createRole({ name: `${prefix}-auditor`, permissions: ['users:read'] });
      expect(created.errors).toBeUndefined();
      expectError(await createRole({ name: `${prefix}-auditor`, permissions: ['logs:read'] }), 'CONFLICT', 'same name');
      expectError(await createRole({ name: 'viewer', permissions: ['scripts:read'] }), 'CONFLICT', 'built-in name');

      // Renaming onto a taken name, or to a bad one, is refused the same way.
      const id = created.data!.createRole.id;
      const other = await createRole({ name: `${prefix}-other`, permissions: ['users:read'] });
      expect(other.errors).toBeUndefined();
      expectError(
        await stack.operation('users', 'UpdateRole', {
          token: admin,
          variables: { id, input: { name: `${prefix}-other` } },
        }),
        'CONFLICT',
        'rename onto a taken name',
      );
      expectError(
        await stack.operation('users', 'UpdateRole', { token: admin, variables: { id, input: { name: 'Bad Name' } } }),
        'BAD_USER_INPUT',
        'rename to a bad name',
      );
      expectError(
        await stack.operation('users', 'UpdateRole', {
          token: admin,
          variables: { id, input: { permissions: ['scripts:fly'] } },
        }),
        'BAD_USER_INPUT',
        'unknown permission on update',
      );
      // Nothing of the refused changes stuck.
      const roles = await stack.operation('users', 'Roles', { token: admin });
      expect(roles.data!.roles.filter((r: { name: string }) => r.name.startsWith(prefix))).toEqual([
        expect.objectContaining({ name: `${prefix}-auditor`, permissions: ['users:read'] }),
        expect.objectContaining({ name: `${prefix}-other`, permissions: ['users:read'] }),
      ]);
    });
  });

  describe('role assignment', () => {
    it('answers an unknown role name with NOT_FOUND', async () => {
      const prefix = uniqueName('assign-unknown');
      const user = await stack.createUser([], `${prefix}-user`);
      for (const mutation of ['AssignRole', 'UnassignRole']) {
        for (const role of [`${prefix}-none`, '', 'x'.repeat(10_000), "viewer' or 1=1 --"]) {
          expectError(
            await stack.operation('users', mutation, { token: admin, variables: { userId: user.id, role } }),
            'NOT_FOUND',
            `${mutation} of role ${JSON.stringify(role.slice(0, 40))}`,
          );
        }
      }
    });

    it('answers a role name with a NUL character with NOT_FOUND or BAD_USER_INPUT, never an internal error', async () => {
      const prefix = uniqueName('assign-nul');
      const user = await stack.createUser([], `${prefix}-user`);
      for (const mutation of ['AssignRole', 'UnassignRole']) {
        expectErrorOneOf(
          await stack.operation('users', mutation, {
            token: admin,
            variables: { userId: user.id, role: 'viewer\u0000' },
          }),
          ['NOT_FOUND', 'BAD_USER_INPUT'],
          `${mutation} of role "viewer\\u0000"`,
        );
      }
    });
  });

  describe('datamodule access', () => {
    it('refuses empty access types and bad datamodule ids with BAD_USER_INPUT', async () => {
      const prefix = uniqueName('dm');
      const user = await stack.createUser([], `${prefix}-user`);
      const requestAccess = (datamoduleId: string, accessTypes: unknown) =>
        stack.operation('users', 'RequestDatamoduleAccess', {
          token: user.accessToken,
          variables: { datamoduleId, accessTypes },
        });

      expectError(await requestAccess('dm-geology', []), 'BAD_USER_INPUT', 'no access types');
      expectError(await requestAccess('dm-geology', ['FLY']), 'BAD_USER_INPUT', 'unknown access type');
      expectError(await requestAccess('dm-geology', ['read']), 'BAD_USER_INPUT', 'lowercase access type');
      expectError(await requestAccess('dm-geology', null), 'BAD_USER_INPUT', 'null access types');
      for (const datamoduleId of [
        '',
        ' ',
        'has space',
        '../etc/passwd',
        'dm/geology',
        "dm' or 1=1 --",
        'dm\u0000x',
        '-leading-dash',
        'x'.repeat(129),
        'dm-jö',
      ]) {
        expectError(await requestAccess(datamoduleId, ['READ']), 'BAD_USER_INPUT', JSON.stringify(datamoduleId));
      }
      const me = await stack.operation('users', 'Me', { token: user.accessToken });
      expect(me.data!.me.datamoduleAccesses).toEqual([]);
    });
  });

  describe('variables and paging', () => {
    it('refuses a variable of the wrong type with BAD_USER_INPUT', async () => {
      const prefix = uniqueName('vars');
      const user = await stack.createUser([], `${prefix}-user`);
      expectError(
        await stack.operation('users', 'Users', { token: admin, variables: { first: 'ten' } }),
        'BAD_USER_INPUT',
        'first: "ten"',
      );
      expectError(
        await stack.operation('users', 'Users', { token: admin, variables: { first: 2.5 } }),
        'BAD_USER_INPUT',
        'first: 2.5',
      );
      expectError(
        await stack.operation('users', 'Users', { token: admin, variables: { first: 2 ** 40 } }),
        'BAD_USER_INPUT',
        'first: 2^40',
      );
      expectError(
        await stack.operation('users', 'Login', { variables: { login: user.login } }),
        'BAD_USER_INPUT',
        'missing password',
      );
      expectError(
        await stack.operation('users', 'Login', { variables: { login: { $ne: null }, password: 'some password' } }),
        'BAD_USER_INPUT',
        'an object for a string',
      );
      expectError(
        await stack.operation('users', 'Login', { variables: { login: user.login, password: ['x'] } }),
        'BAD_USER_INPUT',
        'a list for a string',
      );
      expectError(
        await stack.operation('users', 'Register', { variables: { input: { login: user.login } } }),
        'BAD_USER_INPUT',
        'incomplete input',
      );
      expectError(
        await stack.operation('users', 'Register', {
          variables: { input: { login: `${prefix}-new`, password: 'long enough password', admin: true } },
        }),
        'BAD_USER_INPUT',
        'unknown input field',
      );
    });

    it('refuses page sizes outside 1–100, malformed cursors and overlong searches with BAD_USER_INPUT', async () => {
      const prefix = uniqueName('paging');
      await stack.createUser([], `${prefix}-a`);
      await stack.createUser([], `${prefix}-b`);
      const users = (variables: Record<string, unknown>) =>
        stack.operation('users', 'Users', { token: admin, variables });

      for (const first of [0, -1, 101, 1000]) {
        const response = await users({ first, search: prefix });
        expectError(response, 'BAD_USER_INPUT', `first: ${first}`);
        expect(response.data?.users ?? null).toBeNull();
      }
      const valid = await users({ first: 1, search: prefix });
      expect(valid.errors).toBeUndefined();
      expect(valid.data!.users.edges).toHaveLength(1);
      expect((await users({ first: 100, search: prefix })).errors).toBeUndefined();

      const cursor = valid.data!.users.pageInfo.endCursor as string;
      for (const after of [
        'not a cursor',
        '!!!',
        Buffer.from('offset:10').toString('base64url'),
        Buffer.from('login:x').toString('base64url') + 'A'.repeat(300),
      ]) {
        expectError(await users({ first: 1, after }), 'BAD_USER_INPUT', `after: ${JSON.stringify(after.slice(0, 40))}`);
      }
      expectError(await users({ first: 1, search: 'x'.repeat(101) }), 'BAD_USER_INPUT', 'search of 101 characters');
      // Characters that mean something to LIKE are searched for as themselves.
      const like = await users({ search: '%_\\' });
      expect(like.errors).toBeUndefined();
      expect(like.data!.users.totalCount).toBe(0);

      const next = await users({ first: 1, search: prefix, after: cursor });
      expect(next.errors).toBeUndefined();
      expect(next.data!.users.edges[0].node.login).toBe(`${prefix}-b`);
    });

    it('refuses cursors and searches with a NUL character with BAD_USER_INPUT, never an internal error', async () => {
      const prefix = uniqueName('paging-nul');
      await stack.createUser([], `${prefix}-a`);
      const users = (variables: Record<string, unknown>) =>
        stack.operation('users', 'Users', { token: admin, variables });
      const cursor = (await users({ first: 1, search: prefix })).data!.users.pageInfo.endCursor as string;
      for (const after of [
        Buffer.from('login:\u0000').toString('base64url'),
        Buffer.from("login:' or 1=1 --\u0000").toString('base64url'),
        `${cursor}\u0000`,
      ]) {
        expectError(await users({ first: 1, after }), 'BAD_USER_INPUT', `after: ${JSON.stringify(after)}`);
      }
      expectError(await users({ search: `${prefix}\u0000` }), 'BAD_USER_INPUT', 'search with a NUL');
    });
  });
});
