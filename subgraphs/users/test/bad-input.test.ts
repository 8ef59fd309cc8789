import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, startTestStack, type GraphQLResponse, type TestStack } from '@etl/testkit';

/**
 * Malformed and oversized input, through the real gateway: each case gets its contract code,
 * the request id, and never a stack trace, SQL, a path or another internal message.
 */

const LEAKS = ['stack', ' at ', 'node_modules', 'SELECT', 'select ', 'postgres', '/work/'];

/**
 * The leak check on a raw body. " at " (a stack frame) is looked for after dropping the two
 * plain-English phrases the server's own messages use ("must be at most", "Request at least").
 */
function expectNoLeaks(text: string, label: string): void {
  const scrubbed = text.replace(/ at (most|least) /g, ' ');
  for (const leak of LEAKS) expect.soft(scrubbed, `${label} leaks ${JSON.stringify(leak)}`).not.toContain(leak);
}

/** A login prefix of its own for each test, so that no two tests share a login. */
function uniquePrefix(name: string): string {
  return `${name}-${randomBytes(4).toString('hex')}`;
}

/**
 * Asserts one error with `code`, its request id, and nothing internal anywhere in the body.
 * Soft assertions: a test that walks through many cases reports every case that fails.
 */
function expectError(response: GraphQLResponse, code: string, label = ''): void {
  expect.soft(errorCodes(response), `${label}: ${response.text.slice(0, 500)}`).toEqual([code]);
  expect.soft(response.errors?.[0]?.extensions?.requestId, `${label}: requestId`).toEqual(expect.any(String));
  expect.soft(response.errors?.[0]?.message, `${label}: message`).toEqual(expect.any(String));
  expectNoLeaks(response.text, label);
}

interface RawResponse {
  status: number;
  text: string;
  body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

/** POSTs a raw body, for requests no GraphQL client would send. */
async function postRaw(url: string, body: string | Buffer, contentType = 'application/json'): Promise<RawResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  let parsed: RawResponse['body'] = null;
  try {
    parsed = JSON.parse(text) as RawResponse['body'];
  } catch {
    // asserted below: every error body is JSON
  }
  return { status: response.status, text, body: parsed };
}

function expectRawError(response: RawResponse, status: number, code: string): void {
  expect(response.status, response.text.slice(0, 500)).toBe(status);
  expect(response.body, response.text.slice(0, 500)).not.toBeNull();
  expect(response.body!.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  expect(response.body!.errors![0]!.extensions?.requestId).toEqual(expect.any(String));
  expectNoLeaks(response.text, `HTTP ${status}`);
}

describe('bad input', () => {
  let stack: TestStack;
  let admin: string;
  beforeAll(async () => {
    stack = await startTestStack();
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const register = (login: string, password = 'a perfectly good password') =>
    stack.contract('users', 'Register', { variables: { input: { login, password } } });

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
      const prefix = uniquePrefix('bad-login');
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
      const prefix = uniquePrefix('bad-password');
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
      const login = await stack.contract('users', 'Login', {
        variables: { login: `${prefix}-max`, password: 'y'.repeat(256) },
      });
      expect(login.errors).toBeUndefined();
    });

    it('refuses a taken login in another letter case with CONFLICT', async () => {
      const prefix = uniquePrefix('Dup');
      const first = await register(`${prefix}-Geologist`);
      expect(first.errors).toBeUndefined();
      for (const login of [`${prefix}-geologist`, `${prefix}-GEOLOGIST`, `${prefix}-Geologist`]) {
        const duplicate = await register(login, 'another good password');
        expectError(duplicate, 'CONFLICT', login);
        expect(duplicate.data?.register ?? null).toBeNull();
      }
      expect(await usersWithPrefix(prefix)).toBe(1);
      // The first registration keeps its password.
      const login = await stack.contract('users', 'Login', {
        variables: { login: `${prefix}-geologist`, password: 'a perfectly good password' },
      });
      expect(login.errors).toBeUndefined();
    });

    it('refuses a display name with control characters', async () => {
      const prefix = uniquePrefix('bad-display');
      const response = await stack.contract('users', 'Register', {
        variables: {
          input: { login: `${prefix}-user`, password: 'a perfectly good password', displayName: 'a\u0000b' },
        },
      });
      expectError(response, 'BAD_USER_INPUT');
      const tooLong = await stack.contract('users', 'Register', {
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
      const prefix = uniquePrefix('odd-login');
      for (const login of [`${prefix}\u0000`, `${prefix}-`.padEnd(10_000, 'x'), `${prefix}' or 1=1 --`, '']) {
        const response = await stack.contract('users', 'Login', { variables: { login, password: 'some password' } });
        const label = JSON.stringify(login.slice(0, 40));
        expect
          .soft(['UNAUTHENTICATED', 'BAD_USER_INPUT'], `${label}: ${response.text}`)
          .toContain(errorCodes(response)[0]);
        expectError(response, errorCodes(response)[0]!, label);
      }
    });
  });

  describe('ids', () => {
    const junkIds = ['1', "' or 1=1 --", 'x', '', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`];

    it('refuses ids that are not UUIDs with BAD_USER_INPUT', async () => {
      const prefix = uniquePrefix('junk-ids');
      const user = await stack.createUser([], `${prefix}-user`);
      for (const id of junkIds) {
        const label = JSON.stringify(id);
        expectError(
          await stack.contract('users', 'User', { token: admin, variables: { id } }),
          'BAD_USER_INPUT',
          label,
        );
        expectError(
          await stack.contract('users', 'ApproveDatamoduleAccess', { token: admin, variables: { id } }),
          'BAD_USER_INPUT',
          `approve ${label}`,
        );
        expectError(
          await stack.contract('users', 'RevokeDatamoduleAccess', { token: admin, variables: { id } }),
          'BAD_USER_INPUT',
          `revoke ${label}`,
        );
        expectError(
          await stack.contract('users', 'UpdateRole', { token: admin, variables: { id, input: { name: 'renamed' } } }),
          'BAD_USER_INPUT',
          `updateRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'DeleteRole', { token: admin, variables: { id } }),
          'BAD_USER_INPUT',
          `deleteRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'AssignRole', { token: admin, variables: { userId: id, role: 'viewer' } }),
          'BAD_USER_INPUT',
          `assignRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'HasPermissions', {
            token: admin,
            variables: { rule: 'scripts:read', userId: id },
          }),
          'BAD_USER_INPUT',
          `hasPermissions ${label}`,
        );
      }
      // A user may read themself, by the exact id only.
      const self = await stack.contract('users', 'User', { token: user.accessToken, variables: { id: user.id } });
      expect(self.errors).toBeUndefined();
      expectError(
        await stack.contract('users', 'User', { token: admin, variables: { id: `${user.id} ` } }),
        'BAD_USER_INPUT',
        'id with a trailing space',
      );
    });

    it('answers well-formed unknown UUIDs with NOT_FOUND', async () => {
      for (const id of [randomUUID(), '00000000-0000-0000-0000-000000000000', randomUUID().toUpperCase()]) {
        const label = id;
        expectError(await stack.contract('users', 'User', { token: admin, variables: { id } }), 'NOT_FOUND', label);
        expectError(
          await stack.contract('users', 'ApproveDatamoduleAccess', { token: admin, variables: { id } }),
          'NOT_FOUND',
          `approve ${label}`,
        );
        expectError(
          await stack.contract('users', 'RevokeDatamoduleAccess', { token: admin, variables: { id } }),
          'NOT_FOUND',
          `revoke ${label}`,
        );
        expectError(
          await stack.contract('users', 'UpdateRole', { token: admin, variables: { id, input: { name: 'renamed' } } }),
          'NOT_FOUND',
          `updateRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'DeleteRole', { token: admin, variables: { id } }),
          'NOT_FOUND',
          `deleteRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'AssignRole', { token: admin, variables: { userId: id, role: 'viewer' } }),
          'NOT_FOUND',
          `assignRole ${label}`,
        );
        expectError(
          await stack.contract('users', 'HasPermissions', {
            token: admin,
            variables: { rule: 'scripts:read', userId: id },
          }),
          'NOT_FOUND',
          `hasPermissions ${label}`,
        );
      }
    });
  });

  describe('hasPermissions', () => {
    it('refuses malformed rules with BAD_USER_INPUT', async () => {
      const prefix = uniquePrefix('rules');
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
        const response = await stack.contract('users', 'HasPermissions', {
          token: user.accessToken,
          variables: { rule },
        });
        expectError(response, 'BAD_USER_INPUT', label);
        expect(response.data?.hasPermissions ?? null, label).toBeNull();
      }
      // A null rule is refused before it reaches the resolver.
      expectError(
        await stack.contract('users', 'HasPermissions', { token: user.accessToken, variables: { rule: null } }),
        'BAD_USER_INPUT',
        'null',
      );
      // Nesting within the limit still works.
      let shallow: unknown = 'scripts:read';
      for (let i = 0; i < 5; i++) shallow = { all: [shallow] };
      const ok = await stack.contract('users', 'HasPermissions', {
        token: user.accessToken,
        variables: { rule: shallow },
      });
      expect(ok.errors).toBeUndefined();
      expect(ok.data).toEqual({ hasPermissions: true });
    });
  });

  describe('roles', () => {
    it('refuses unknown permissions and bad names with BAD_USER_INPUT, and a taken name with CONFLICT', async () => {
      const prefix = uniquePrefix('roles').toLowerCase();
      const createRole = (input: Record<string, unknown>) =>
        stack.contract('users', 'CreateRole', { token: admin, variables: { input } });

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
        await stack.contract('users', 'UpdateRole', {
          token: admin,
          variables: { id, input: { name: `${prefix}-other` } },
        }),
        'CONFLICT',
        'rename onto a taken name',
      );
      expectError(
        await stack.contract('users', 'UpdateRole', { token: admin, variables: { id, input: { name: 'Bad Name' } } }),
        'BAD_USER_INPUT',
        'rename to a bad name',
      );
      expectError(
        await stack.contract('users', 'UpdateRole', {
          token: admin,
          variables: { id, input: { permissions: ['scripts:fly'] } },
        }),
        'BAD_USER_INPUT',
        'unknown permission on update',
      );
      // Nothing of the refused changes stuck.
      const roles = await stack.contract('users', 'Roles', { token: admin });
      expect(roles.data!.roles.filter((r: { name: string }) => r.name.startsWith(prefix))).toEqual([
        expect.objectContaining({ name: `${prefix}-auditor`, permissions: ['users:read'] }),
        expect.objectContaining({ name: `${prefix}-other`, permissions: ['users:read'] }),
      ]);
    });
  });

  describe('datamodule access', () => {
    it('refuses empty access types and bad datamodule ids with BAD_USER_INPUT', async () => {
      const prefix = uniquePrefix('dm');
      const user = await stack.createUser([], `${prefix}-user`);
      const requestAccess = (datamoduleId: string, accessTypes: unknown) =>
        stack.contract('users', 'RequestDatamoduleAccess', {
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
      const me = await stack.contract('users', 'Me', { token: user.accessToken });
      expect(me.data!.me.datamoduleAccesses).toEqual([]);
    });
  });

  describe('variables and paging', () => {
    it('refuses a variable of the wrong type with BAD_USER_INPUT', async () => {
      const prefix = uniquePrefix('vars');
      const user = await stack.createUser([], `${prefix}-user`);
      expectError(
        await stack.contract('users', 'Users', { token: admin, variables: { first: 'ten' } }),
        'BAD_USER_INPUT',
        'first: "ten"',
      );
      expectError(
        await stack.contract('users', 'Users', { token: admin, variables: { first: 2.5 } }),
        'BAD_USER_INPUT',
        'first: 2.5',
      );
      expectError(
        await stack.contract('users', 'Users', { token: admin, variables: { first: 2 ** 40 } }),
        'BAD_USER_INPUT',
        'first: 2^40',
      );
      expectError(
        await stack.contract('users', 'Login', { variables: { login: user.login } }),
        'BAD_USER_INPUT',
        'missing password',
      );
      expectError(
        await stack.contract('users', 'Login', { variables: { login: { $ne: null }, password: 'some password' } }),
        'BAD_USER_INPUT',
        'an object for a string',
      );
      expectError(
        await stack.contract('users', 'Login', { variables: { login: user.login, password: ['x'] } }),
        'BAD_USER_INPUT',
        'a list for a string',
      );
      expectError(
        await stack.contract('users', 'Register', { variables: { input: { login: user.login } } }),
        'BAD_USER_INPUT',
        'incomplete input',
      );
      expectError(
        await stack.contract('users', 'Register', {
          variables: { input: { login: `${prefix}-new`, password: 'long enough password', admin: true } },
        }),
        'BAD_USER_INPUT',
        'unknown input field',
      );
    });

    it('refuses page sizes outside 1–100 and malformed cursors with BAD_USER_INPUT', async () => {
      const prefix = uniquePrefix('paging');
      await stack.createUser([], `${prefix}-a`);
      await stack.createUser([], `${prefix}-b`);
      const users = (variables: Record<string, unknown>) =>
        stack.contract('users', 'Users', { token: admin, variables });

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
        Buffer.from("login:' or 1=1 --\u0000").toString('base64url'),
        Buffer.from('login:\u0000').toString('base64url'),
        `${cursor}\u0000`,
      ]) {
        expectError(await users({ first: 1, after }), 'BAD_USER_INPUT', `after: ${JSON.stringify(after.slice(0, 40))}`);
      }
      const next = await users({ first: 1, search: prefix, after: cursor });
      expect(next.errors).toBeUndefined();
      expect(next.data!.users.edges[0].node.login).toBe(`${prefix}-b`);
    });
  });

  describe('request bodies', () => {
    it('answers a body that is not JSON with HTTP 400 and a JSON BAD_REQUEST error', async () => {
      for (const body of ['{"query": "{ me { id } }"', 'not json at all', '{"query": "{ me { id } }"}}', '\u0000']) {
        expectRawError(await postRaw(stack.gatewayUrl, body), 400, 'BAD_REQUEST');
      }
    });

    it('answers a body over MAX_REQUEST_BYTES with HTTP 413 and PAYLOAD_TOO_LARGE', async () => {
      const padding = 'x'.repeat(41 * 1024 * 1024);
      const body = JSON.stringify({
        query:
          'mutation Login($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken } }',
        variables: { login: 'someone', password: padding },
      });
      expect(Buffer.byteLength(body)).toBeGreaterThan(40 * 1024 * 1024);
      const response = await postRaw(stack.gatewayUrl, body);
      expectRawError(response, 413, 'PAYLOAD_TOO_LARGE');
      // The gateway still serves the next request.
      const me = await stack.contract('users', 'Me');
      expect(me.data).toEqual({ me: null });
    });

    it('answers a GraphQL syntax error and an unknown field with HTTP 400, a code and the request id', async () => {
      const syntax = await stack.request('query { me { id }');
      expect.soft(syntax.status).toBe(400);
      expect.soft(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']).toContain(errorCodes(syntax)[0]);
      expectError(syntax, errorCodes(syntax)[0] ?? 'GRAPHQL_PARSE_FAILED', 'syntax error');
      const unknownField = await stack.request('query { me { id passwordHash } }');
      expect.soft(unknownField.status).toBe(400);
      expectError(unknownField, 'GRAPHQL_VALIDATION_FAILED', 'unknown field');
    });
  });
});
