import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_PERMISSIONS,
  type BuiltInRole,
  operationNames,
  errorCodes,
  type GraphQLResponse,
  type TestUser,
  DENIED,
  OK,
  UNAUTH,
  type MatrixOutcome,
  MATRIX_CALLERS,
  type MatrixCaller,
  uniqueName,
} from '@etl/testkit';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

/**
 * The permission matrix of the users subgraph: every operation of schema/operations/users.graphql,
 * sent whole through the real gateway, as an anonymous caller and as a user holding exactly one
 * built-in role. Each cell is one test named `<operation> as <caller> → <expected>`; `ok` means
 * an answer without errors, anything else is the one error code the contract demands.
 */

const holds = (role: BuiltInRole, permission: string) =>
  BUILT_IN_ROLE_PERMISSIONS[role].includes('*') || BUILT_IN_ROLE_PERMISSIONS[role].includes(permission);

/**
 * Expected outcome per caller, in the column order of MATRIX_CALLERS:
 *                anonymous, admin, editor, operator, data-manager, viewer
 * The name before " (" is the operation of users.graphql that is sent.
 */
const MATRIX: Record<
  string,
  readonly [MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome]
> = {
  Register: [OK, OK, OK, OK, OK, OK],
  Login: [OK, OK, OK, OK, OK, OK],
  Refresh: [OK, OK, OK, OK, OK, OK],
  Logout: [UNAUTH, OK, OK, OK, OK, OK],
  LogoutAll: [UNAUTH, OK, OK, OK, OK, OK],
  ChangePassword: [UNAUTH, OK, OK, OK, OK, OK],
  Me: [OK, OK, OK, OK, OK, OK],
  'HasPermissions (no userId)': [UNAUTH, OK, OK, OK, OK, OK],
  'HasPermissions (own userId)': [UNAUTH, OK, OK, OK, OK, OK],
  'HasPermissions (userId of another user)': [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  'User (self)': [UNAUTH, OK, OK, OK, OK, OK],
  'User (another user)': [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  'User (another user, with datamoduleAccesses; not in users.graphql)': [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  Users: [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  Roles: [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  CreateRole: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  UpdateRole: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  DeleteRole: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  AssignRole: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  UnassignRole: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  RequestDatamoduleAccess: [UNAUTH, OK, OK, OK, OK, OK],
  ApproveDatamoduleAccess: [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  'RevokeDatamoduleAccess (own request)': [UNAUTH, OK, OK, OK, OK, OK],
  "RevokeDatamoduleAccess (another user's request)": [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  PendingDatamoduleAccesses: [UNAUTH, OK, DENIED, DENIED, OK, DENIED],
  CreateApiToken: [UNAUTH, OK, OK, OK, OK, OK],
  'ApiTokens (own)': [UNAUTH, OK, OK, OK, OK, OK],
  'ApiTokens (another user)': [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'RevokeApiToken (own token)': [UNAUTH, OK, OK, OK, OK, OK],
  CreateServiceAccount: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  AuditEvents: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  DisableUser: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  EnableUser: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  DeleteUser: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  ResetPassword: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'Sessions (own)': [UNAUTH, OK, OK, OK, OK, OK],
  'Sessions (another user)': [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'RevokeSession (own session)': [UNAUTH, OK, OK, OK, OK, OK],
  CreateUser: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  PendingRegistrations: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  ApproveRegistration: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  RejectRegistration: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
};

interface Cell {
  operation: string;
  caller: MatrixCaller;
  expected: MatrixOutcome;
}
const CELLS: Array<[title: string, cell: Cell]> = Object.entries(MATRIX).flatMap(([operation, outcomes]) =>
  MATRIX_CALLERS.map((caller, i): [string, Cell] => [
    `${operation} as ${caller} → ${outcomes[i]}`,
    { operation, caller, expected: outcomes[i]! },
  ]),
);

/** One call of a cell, and what to check after it. */
interface Attempt {
  response: GraphQLResponse;
  /** The root field the operation selects. */
  field: string;
  /** The answer may be null when allowed (only `me` for an anonymous caller). */
  nullable?: boolean;
  /** Checks an allowed call's answer (the root field's value) and its effect. */
  ok?: (value: any) => void | Promise<void>;
  /** Checks that a denied call changed nothing. */
  denied?: () => void | Promise<void>;
}
type Scenario = (caller: MatrixCaller) => Promise<Attempt>;

const USER_FIELDS_OF_OTHER =
  'query UserAccesses($id: ID!) { user(id: $id) { id datamoduleAccesses { id datamoduleId } } }';

describe('users subgraph permission matrix', () => {
  let stack: UsersTestStack;
  /** The bootstrap superuser's token: sets up fixtures and inspects state; never a matrix caller. */
  let root: string;
  /** One user per built-in role, holding exactly that role. */
  const callers = {} as Record<BuiltInRole, TestUser>;
  /** "Another user" for the read rows: a plain viewer with one pending datamodule request. */
  let target: TestUser;
  /** Receives and loses roles in the assign/unassign rows. */
  let assignee: TestUser;
  /** Makes the datamodule requests that approvers approve, list and revoke. */
  let requester: TestUser;

  const tokenOf = (caller: MatrixCaller) => (caller === 'anonymous' ? undefined : callers[caller].accessToken);
  /** The caller's own account; an anonymous caller acts on the viewer's account where one is needed. */
  const accountOf = (caller: MatrixCaller) => callers[caller === 'anonymous' ? 'viewer' : caller];

  async function call(operation: string, token: string | undefined, variables: Record<string, unknown> = {}) {
    return stack.operation('users', operation, { token, variables });
  }

  /** Fails the fixture step, not the cell's assertion, when setup goes wrong. */
  function must(response: GraphQLResponse, field: string): any {
    if (response.errors || response.data?.[field] == null) throw new Error(`fixture ${field} failed: ${response.text}`);
    return response.data[field];
  }

  async function signIn(user: TestUser): Promise<{ accessToken: string; refreshToken: string }> {
    return must(await call('Login', undefined, { login: user.login, password: user.password }), 'login');
  }

  /** A fresh user holding exactly `role` (no `viewer` beside it unless `role` is viewer), signed in. */
  async function userWithRole(role: string): Promise<TestUser> {
    const user = await stack.createUser(role === 'viewer' ? [] : [role]);
    if (role === 'viewer') return user;
    must(await call('UnassignRole', root, { userId: user.id, role: 'viewer' }), 'unassignRole');
    return { ...user, ...(await signIn(user)) };
  }

  async function createRole(permissions = ['scripts:read']): Promise<{ id: string; name: string }> {
    return must(
      await call('CreateRole', root, { input: { name: uniqueName('matrix-role'), permissions } }),
      'createRole',
    );
  }

  async function roleNames(): Promise<string[]> {
    return must(await call('Roles', root), 'roles').map((r: { name: string }) => r.name);
  }

  async function roleById(id: string): Promise<{ name: string; permissions: string[] } | undefined> {
    return must(await call('Roles', root), 'roles').find((r: { id: string }) => r.id === id);
  }

  async function rolesOf(userId: string): Promise<string[]> {
    return must(await call('User', root, { id: userId }), 'user').roles.map((r: { name: string }) => r.name);
  }

  async function requestAccess(user: TestUser, datamoduleId = uniqueName('dm')): Promise<string> {
    const requested = await call('RequestDatamoduleAccess', user.accessToken, { datamoduleId, accessTypes: ['READ'] });
    return must(requested, 'requestDatamoduleAccess').id;
  }

  async function pendingIds(): Promise<string[]> {
    return must(await call('PendingDatamoduleAccesses', root), 'pendingDatamoduleAccesses').map(
      (a: { id: string }) => a.id,
    );
  }

  /** A permission the caller's account holds, for the tokens it makes. */
  const heldBy = (caller: MatrixCaller) =>
    caller === 'anonymous' ? 'scripts:read' : BUILT_IN_ROLE_PERMISSIONS[caller][0]!;
  const tokenExpiry = () => new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();

  async function apiTokensOf(userId: string): Promise<Array<{ id: string; name: string; revokedAt: string | null }>> {
    return must(await call('ApiTokens', root, { userId }), 'apiTokens');
  }

  /**
   * A registration waiting for approval. The matrix's stack registers openly (REGISTRATION's
   * default outside production), so the account is put in the state `approval` leaves it in.
   */
  async function pendingAccount(): Promise<TestUser> {
    const user = await stack.createUser();
    await stack.users.orm.em.getConnection().execute(`update users set status = 'PENDING' where id = ?`, [user.id]);
    return user;
  }

  async function statusOf(userId: string): Promise<string | null> {
    const response = await stack.request('query($id: ID!) { user(id: $id) { status } }', {
      token: root,
      variables: { id: userId },
    });
    return response.data?.user?.status ?? null;
  }

  async function refreshCodes(refreshToken: string): Promise<string[]> {
    return errorCodes(await call('Refresh', undefined, { refreshToken }));
  }

  beforeAll(async () => {
    stack = await startUsersStack();
    root = await stack.adminToken();
    for (const role of BUILT_IN_ROLES) callers[role] = await userWithRole(role);
    [target, assignee, requester] = await Promise.all([stack.createUser(), stack.createUser(), stack.createUser()]);
    await requestAccess(target, 'dm-target');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const scenarios: Record<string, Scenario> = {
    Register: async (caller) => {
      const login = uniqueName('reg');
      return {
        response: await call('Register', tokenOf(caller), { input: { login, password: 'a long enough password' } }),
        field: 'register',
        ok: (value) => {
          expect(value.user.login).toBe(login);
          expect(value.accessToken).toEqual(expect.any(String));
          expect(value.refreshToken).toEqual(expect.any(String));
        },
      };
    },

    Login: async (caller) => {
      const account = accountOf(caller);
      return {
        response: await call('Login', tokenOf(caller), { login: account.login, password: account.password }),
        field: 'login',
        ok: (value) => {
          expect(value.user.id).toBe(account.id);
          expect(value.accessToken).toEqual(expect.any(String));
        },
      };
    },

    Refresh: async (caller) => {
      const session = await signIn(accountOf(caller));
      return {
        response: await call('Refresh', tokenOf(caller), { refreshToken: session.refreshToken }),
        field: 'refreshToken',
        ok: async (value) => {
          expect(value.user.id).toBe(accountOf(caller).id);
          expect(value.refreshToken).not.toBe(session.refreshToken);
          expect(await refreshCodes(value.refreshToken)).toEqual([]);
        },
      };
    },

    Logout: async (caller) => {
      const session = await signIn(accountOf(caller));
      return {
        response: await call('Logout', tokenOf(caller), { refreshToken: session.refreshToken }),
        field: 'logout',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await refreshCodes(session.refreshToken)).toEqual(['UNAUTHENTICATED']);
        },
        denied: async () => expect(await refreshCodes(session.refreshToken)).toEqual([]),
      };
    },

    LogoutAll: async (caller) => {
      const subject = await userWithRole(caller === 'anonymous' ? 'viewer' : caller);
      return {
        response: await call('LogoutAll', caller === 'anonymous' ? undefined : subject.accessToken),
        field: 'logoutAll',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await refreshCodes(subject.refreshToken)).toEqual(['UNAUTHENTICATED']);
        },
        denied: async () => expect(await refreshCodes(subject.refreshToken)).toEqual([]),
      };
    },

    ChangePassword: async (caller) => {
      const subject = await userWithRole(caller === 'anonymous' ? 'viewer' : caller);
      const newPassword = 'a brand new password';
      return {
        response: await call('ChangePassword', caller === 'anonymous' ? undefined : subject.accessToken, {
          currentPassword: subject.password,
          newPassword,
        }),
        field: 'changePassword',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await signIn({ ...subject, password: newPassword })).toMatchObject({
            accessToken: expect.any(String),
          });
        },
        denied: async () => {
          expect(await signIn(subject)).toMatchObject({ accessToken: expect.any(String) });
        },
      };
    },

    Me: async (caller) => ({
      response: await call('Me', tokenOf(caller)),
      field: 'me',
      nullable: caller === 'anonymous',
      ok: (value) => {
        if (caller === 'anonymous') {
          expect(value).toBeNull();
          return;
        }
        expect(value).toMatchObject({
          id: callers[caller].id,
          login: callers[caller].login,
          roles: [{ name: caller, permissions: BUILT_IN_ROLE_PERMISSIONS[caller] }],
          permissions: BUILT_IN_ROLE_PERMISSIONS[caller],
          datamoduleAccesses: expect.any(Array),
        });
      },
    }),

    'HasPermissions (no userId)': async (caller) => ({
      response: await call('HasPermissions', tokenOf(caller), { rule: 'users:read' }),
      field: 'hasPermissions',
      ok: (value) => expect(value).toBe(holds(caller as BuiltInRole, 'users:read')),
    }),

    'HasPermissions (own userId)': async (caller) => ({
      response: await call('HasPermissions', tokenOf(caller), {
        rule: { any: ['users:read', 'logs:read'] },
        userId: accountOf(caller).id,
      }),
      field: 'hasPermissions',
      ok: (value) =>
        expect(value).toBe(holds(caller as BuiltInRole, 'users:read') || holds(caller as BuiltInRole, 'logs:read')),
    }),

    'HasPermissions (userId of another user)': async (caller) => ({
      // True for the target (a viewer) whatever the caller holds: the rule is evaluated for userId.
      response: await call('HasPermissions', tokenOf(caller), {
        rule: { all: ['scripts:read', 'files:read'] },
        userId: target.id,
      }),
      field: 'hasPermissions',
      ok: (value) => expect(value).toBe(true),
    }),

    'User (self)': async (caller) => {
      const account = accountOf(caller);
      return {
        response: await call('User', tokenOf(caller), { id: account.id }),
        field: 'user',
        ok: (value) =>
          expect(value).toMatchObject({
            id: account.id,
            login: account.login,
            roles: [{ name: caller }],
            permissions: BUILT_IN_ROLE_PERMISSIONS[caller as BuiltInRole],
          }),
      };
    },

    'User (another user)': async (caller) => ({
      response: await call('User', tokenOf(caller), { id: target.id }),
      field: 'user',
      ok: (value) =>
        expect(value).toEqual({
          id: target.id,
          login: target.login,
          displayName: null,
          roles: [{ name: 'viewer' }],
          permissions: ['files:read', 'scripts:read'],
        }),
    }),

    'User (another user, with datamoduleAccesses; not in users.graphql)': async (caller) => ({
      response: await stack.request(USER_FIELDS_OF_OTHER, { token: tokenOf(caller), variables: { id: target.id } }),
      field: 'user',
      ok: (value) =>
        expect(value).toEqual({
          id: target.id,
          datamoduleAccesses: [{ id: expect.any(String), datamoduleId: 'dm-target' }],
        }),
    }),

    Users: async (caller) => ({
      response: await call('Users', tokenOf(caller), { first: 10, search: target.login }),
      field: 'users',
      ok: (value) => {
        expect(value.totalCount).toBe(1);
        expect(value.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([target.id]);
        expect(value.edges[0].node.roles).toEqual([{ name: 'viewer' }]);
      },
    }),

    Roles: async (caller) => ({
      response: await call('Roles', tokenOf(caller)),
      field: 'roles',
      ok: (value) =>
        expect(value.filter((r: { builtIn: boolean }) => r.builtIn).map((r: { name: string }) => r.name)).toEqual([
          'admin',
          'data-manager',
          'editor',
          'operator',
          'viewer',
        ]),
    }),

    CreateRole: async (caller) => {
      const name = uniqueName('matrix-created');
      return {
        response: await call('CreateRole', tokenOf(caller), { input: { name, permissions: ['scripts:read'] } }),
        field: 'createRole',
        ok: async (value) => {
          expect(value).toMatchObject({ name, permissions: ['scripts:read'] });
          expect(await roleNames()).toContain(name);
        },
        denied: async () => expect(await roleNames()).not.toContain(name),
      };
    },

    UpdateRole: async (caller) => {
      const role = await createRole(['scripts:read']);
      return {
        response: await call('UpdateRole', tokenOf(caller), { id: role.id, input: { permissions: ['files:read'] } }),
        field: 'updateRole',
        ok: async (value) => {
          expect(value).toEqual({ id: role.id, name: role.name, permissions: ['files:read'] });
          expect((await roleById(role.id))?.permissions).toEqual(['files:read']);
        },
        denied: async () => expect((await roleById(role.id))?.permissions).toEqual(['scripts:read']),
      };
    },

    DeleteRole: async (caller) => {
      const role = await createRole();
      return {
        response: await call('DeleteRole', tokenOf(caller), { id: role.id }),
        field: 'deleteRole',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await roleById(role.id)).toBeUndefined();
        },
        denied: async () => expect(await roleById(role.id)).toBeDefined(),
      };
    },

    AssignRole: async (caller) => {
      const role = await createRole();
      return {
        response: await call('AssignRole', tokenOf(caller), { userId: assignee.id, role: role.name }),
        field: 'assignRole',
        ok: async (value) => {
          expect(value.id).toBe(assignee.id);
          expect(value.roles).toContainEqual({ name: role.name });
          expect(await rolesOf(assignee.id)).toContain(role.name);
        },
        denied: async () => expect(await rolesOf(assignee.id)).not.toContain(role.name),
      };
    },

    UnassignRole: async (caller) => {
      const role = await createRole();
      must(await call('AssignRole', root, { userId: assignee.id, role: role.name }), 'assignRole');
      return {
        response: await call('UnassignRole', tokenOf(caller), { userId: assignee.id, role: role.name }),
        field: 'unassignRole',
        ok: async (value) => {
          expect(value.id).toBe(assignee.id);
          expect(value.roles).not.toContainEqual({ name: role.name });
          expect(await rolesOf(assignee.id)).not.toContain(role.name);
        },
        denied: async () => expect(await rolesOf(assignee.id)).toContain(role.name),
      };
    },

    RequestDatamoduleAccess: async (caller) => {
      const datamoduleId = uniqueName('dm-request');
      return {
        response: await call('RequestDatamoduleAccess', tokenOf(caller), {
          datamoduleId,
          accessTypes: ['WRITE', 'READ'],
        }),
        field: 'requestDatamoduleAccess',
        ok: async (value) => {
          expect(value).toMatchObject({ datamoduleId, accessTypes: ['READ', 'WRITE'], approved: false });
          expect(await pendingIds()).toContain(value.id);
        },
      };
    },

    ApproveDatamoduleAccess: async (caller) => {
      const id = await requestAccess(requester);
      return {
        response: await call('ApproveDatamoduleAccess', tokenOf(caller), { id }),
        field: 'approveDatamoduleAccess',
        ok: async (value) => {
          expect(value).toEqual({ id, approved: true });
          expect(await pendingIds()).not.toContain(id);
        },
        denied: async () => expect(await pendingIds()).toContain(id),
      };
    },

    'RevokeDatamoduleAccess (own request)': async (caller) => {
      // An anonymous caller has nothing of its own: it tries the viewer's request.
      const id = await requestAccess(accountOf(caller));
      return {
        response: await call('RevokeDatamoduleAccess', tokenOf(caller), { id }),
        field: 'revokeDatamoduleAccess',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await pendingIds()).not.toContain(id);
        },
        denied: async () => expect(await pendingIds()).toContain(id),
      };
    },

    "RevokeDatamoduleAccess (another user's request)": async (caller) => {
      const id = await requestAccess(requester);
      return {
        response: await call('RevokeDatamoduleAccess', tokenOf(caller), { id }),
        field: 'revokeDatamoduleAccess',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await pendingIds()).not.toContain(id);
        },
        denied: async () => expect(await pendingIds()).toContain(id),
      };
    },

    PendingDatamoduleAccesses: async (caller) => {
      const datamoduleId = uniqueName('dm-pending');
      const id = await requestAccess(requester, datamoduleId);
      return {
        response: await call('PendingDatamoduleAccesses', tokenOf(caller)),
        field: 'pendingDatamoduleAccesses',
        ok: (value) =>
          expect(value).toContainEqual({
            id,
            datamoduleId,
            accessTypes: ['READ'],
            user: { id: requester.id, login: requester.login },
          }),
      };
    },
  };

  Object.assign(scenarios, {
    CreateApiToken: async (caller) => {
      const [name, account] = [uniqueName('matrix-token'), accountOf(caller)];
      const input = { name, permissions: [heldBy(caller)], expiresAt: tokenExpiry() };
      return {
        response: await call('CreateApiToken', tokenOf(caller), { input }),
        field: 'createApiToken',
        ok: async (value) => {
          expect(value.secret).toMatch(/^etl_pat_/);
          expect(value.apiToken).toMatchObject({ name, permissions: [heldBy(caller)], owner: { id: account.id } });
          expect((await apiTokensOf(account.id)).map((t) => t.name)).toContain(name);
        },
        denied: async () => expect((await apiTokensOf(account.id)).map((t) => t.name)).not.toContain(name),
      };
    },

    AuditEvents: async (caller) => ({
      response: await call('AuditEvents', tokenOf(caller), { first: 5 }),
      field: 'auditEvents',
      ok: (value) => {
        expect(value.edges.length).toBeGreaterThan(0);
        expect(value.edges[0].node).toMatchObject({ action: expect.any(String), requestId: expect.any(String) });
      },
    }),

    'ApiTokens (own)': async (caller) => ({
      response: await call('ApiTokens', tokenOf(caller)),
      field: 'apiTokens',
      ok: (value) => expect(value).toEqual(expect.any(Array)),
    }),

    'ApiTokens (another user)': async (caller) => ({
      response: await call('ApiTokens', tokenOf(caller), { userId: target.id }),
      field: 'apiTokens',
      ok: (value) => expect(value).toEqual([]),
    }),

    'RevokeApiToken (own token)': async (caller) => {
      const account = accountOf(caller);
      const input = { name: uniqueName('matrix-revoked'), permissions: [heldBy(caller)], expiresAt: tokenExpiry() };
      const id = must(await call('CreateApiToken', account.accessToken, { input }), 'createApiToken').apiToken.id;
      const revokedAt = async () => (await apiTokensOf(account.id)).find((t) => t.id === id)!.revokedAt;
      return {
        response: await call('RevokeApiToken', tokenOf(caller), { id }),
        field: 'revokeApiToken',
        ok: async (value) => {
          expect(value).toMatchObject({ id, revokedAt: expect.any(String) });
          expect(await revokedAt()).toEqual(expect.any(String));
        },
        denied: async () => expect(await revokedAt()).toBeNull(),
      };
    },

    CreateServiceAccount: async (caller) => {
      const login = uniqueName('matrix-svc');
      const found = async () => must(await call('Users', root, { search: login }), 'users').totalCount;
      return {
        response: await call('CreateServiceAccount', tokenOf(caller), { input: { login } }),
        field: 'createServiceAccount',
        ok: async (value) => {
          expect(value).toMatchObject({ login, kind: 'SERVICE_ACCOUNT' });
          expect(await found()).toBe(1);
        },
        denied: async () => expect(await found()).toBe(0),
      };
    },
    CreateUser: async (caller) => {
      const login = uniqueName('matrix-user');
      const found = async () => must(await call('Users', root, { search: login }), 'users').totalCount;
      return {
        response: await call('CreateUser', tokenOf(caller), { input: { login, password: 'a long enough password' } }),
        field: 'createUser',
        ok: async (value) => {
          expect(value).toMatchObject({ login, status: 'ACTIVE', roles: [{ name: 'viewer' }] });
          expect(await found()).toBe(1);
        },
        denied: async () => expect(await found()).toBe(0),
      };
    },
    PendingRegistrations: async (caller) => {
      const pending = await pendingAccount();
      return {
        response: await call('PendingRegistrations', tokenOf(caller), { first: 100 }),
        field: 'pendingRegistrations',
        ok: (value) => expect(value).toContainEqual(expect.objectContaining({ id: pending.id, status: 'PENDING' })),
      };
    },
    ApproveRegistration: async (caller) => {
      const pending = await pendingAccount();
      return {
        response: await call('ApproveRegistration', tokenOf(caller), { userId: pending.id }),
        field: 'approveRegistration',
        ok: async (value) => {
          expect(value).toMatchObject({ id: pending.id, status: 'ACTIVE' });
          expect(await statusOf(pending.id)).toBe('ACTIVE');
        },
        denied: async () => expect(await statusOf(pending.id)).toBe('PENDING'),
      };
    },
    RejectRegistration: async (caller) => {
      const pending = await pendingAccount();
      return {
        response: await call('RejectRegistration', tokenOf(caller), { userId: pending.id }),
        field: 'rejectRegistration',
        ok: async () => expect(await statusOf(pending.id)).toBeNull(),
        denied: async () => expect(await statusOf(pending.id)).toBe('PENDING'),
      };
    },
  } satisfies Record<string, Scenario>);

  /** The lifecycle fields of an account, read by the superuser. */
  async function lifecycleOf(userId: string): Promise<{ disabledAt: string | null; deletedAt: string | null }> {
    const read = await stack.request('query L($id: ID!) { user(id: $id) { disabledAt deletedAt } }', {
      token: root,
      variables: { id: userId },
    });
    return must(read, 'user');
  }

  async function loginCodes(user: TestUser, password = user.password): Promise<string[]> {
    return errorCodes(await call('Login', undefined, { login: user.login, password }));
  }

  /** The id of the user's most recently used session. */
  async function newestSessionOf(userId: string): Promise<string> {
    return must(await call('Sessions', root, { userId }), 'sessions')[0].id;
  }

  Object.assign(scenarios, {
    DisableUser: async (caller) => {
      const subject = await stack.createUser();
      return {
        response: await call('DisableUser', tokenOf(caller), { userId: subject.id }),
        field: 'disableUser',
        ok: async (value) => {
          expect(value).toMatchObject({ id: subject.id, disabledAt: expect.any(String) });
          expect(await loginCodes(subject)).toEqual(['FORBIDDEN']);
        },
        denied: async () => {
          expect((await lifecycleOf(subject.id)).disabledAt).toBeNull();
          expect(await loginCodes(subject)).toEqual([]);
        },
      };
    },

    EnableUser: async (caller) => {
      const subject = await stack.createUser();
      must(await call('DisableUser', root, { userId: subject.id }), 'disableUser');
      return {
        response: await call('EnableUser', tokenOf(caller), { userId: subject.id }),
        field: 'enableUser',
        ok: async (value) => {
          expect(value).toMatchObject({ id: subject.id, disabledAt: null });
          expect(await loginCodes(subject)).toEqual([]);
        },
        denied: async () => expect(await loginCodes(subject)).toEqual(['FORBIDDEN']),
      };
    },

    DeleteUser: async (caller) => {
      const subject = await stack.createUser();
      return {
        response: await call('DeleteUser', tokenOf(caller), { userId: subject.id }),
        field: 'deleteUser',
        ok: async (value) => {
          expect(value).toBe(true);
          expect((await lifecycleOf(subject.id)).deletedAt).toEqual(expect.any(String));
        },
        denied: async () => {
          expect(await lifecycleOf(subject.id)).toEqual({ disabledAt: null, deletedAt: null });
          expect(await loginCodes(subject)).toEqual([]);
        },
      };
    },

    ResetPassword: async (caller) => {
      const subject = await stack.createUser();
      return {
        response: await call('ResetPassword', tokenOf(caller), { userId: subject.id }),
        field: 'resetPassword',
        ok: async (value) => {
          expect(value.user).toMatchObject({ id: subject.id, passwordChangeRequired: true });
          expect(await loginCodes(subject)).toEqual(['UNAUTHENTICATED']);
          expect(await loginCodes(subject, value.oneTimePassword)).toEqual([]);
        },
        denied: async () => expect(await loginCodes(subject)).toEqual([]),
      };
    },

    'Sessions (own)': async (caller) => ({
      response: await call('Sessions', tokenOf(caller)),
      field: 'sessions',
      ok: (value) => expect(value.filter((s: { current: boolean }) => s.current)).toHaveLength(1),
    }),

    'Sessions (another user)': async (caller) => ({
      response: await call('Sessions', tokenOf(caller), { userId: target.id }),
      field: 'sessions',
      ok: (value) => {
        expect(value.length).toBeGreaterThan(0);
        expect(value.every((s: { current: boolean }) => !s.current)).toBe(true);
      },
    }),

    'RevokeSession (own session)': async (caller) => {
      const account = accountOf(caller);
      const session = await signIn(account);
      const id = await newestSessionOf(account.id);
      return {
        response: await call('RevokeSession', tokenOf(caller), { id }),
        field: 'revokeSession',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await refreshCodes(session.refreshToken)).toEqual(['UNAUTHENTICATED']);
        },
        denied: async () => expect(await refreshCodes(session.refreshToken)).toEqual([]),
      };
    },
  } satisfies Record<string, Scenario>);

  it('covers every operation of users.graphql, and nothing else', () => {
    const documentOperations = operationNames('users');
    const matrixOperations = Object.keys(MATRIX)
      .filter((name) => !name.includes('not in users.graphql'))
      .map((name) => name.split(' (')[0]);
    expect(new Set(matrixOperations)).toEqual(new Set(documentOperations));
    expect(Object.keys(scenarios).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(BUILT_IN_ROLES)('the %s caller holds exactly its built-in role', async (role) => {
    const me = await call('Me', callers[role].accessToken);
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toMatchObject({ roles: [{ name: role }], permissions: BUILT_IN_ROLE_PERMISSIONS[role] });
  });

  it.each(CELLS)('%s', async (_title, { operation, caller, expected }) => {
    const attempt = await scenarios[operation]!(caller);
    const { response, field } = attempt;
    if (expected === 'ok') {
      expect(errorCodes(response), response.text).toEqual([]);
      expect(response.data, response.text).toHaveProperty(field);
      if (!attempt.nullable) expect(response.data![field], response.text).not.toBeNull();
      await attempt.ok?.(response.data![field]);
    } else {
      expect(errorCodes(response), response.text).toEqual([expected]);
      expect(response.errors![0]!.path?.[0], response.text).toBe(field);
      expect(response.data?.[field] ?? null, response.text).toBeNull();
      await attempt.denied?.();
    }
  });

  /**
   * Rules that no built-in role reaches, since only `admin` holds `users:admin` and `admin` holds
   * `*`: a partial user admin cannot grant what it lacks, and `users:read` alone does not show
   * another user's datamodule accesses.
   */
  describe('with custom roles', () => {
    let userAdmin: TestUser;
    let userReader: TestUser;
    beforeAll(async () => {
      const [adminRole, readerRole] = [await createRole(['users:admin']), await createRole(['users:read'])];
      [userAdmin, userReader] = [await userWithRole(adminRole.name), await userWithRole(readerRole.name)];
    });

    interface CustomCell {
      name: string;
      expected: MatrixOutcome;
      run: () => Promise<Attempt>;
    }
    const CUSTOM: CustomCell[] = [
      {
        name: 'users:admin alone creates a role granting users:admin',
        expected: OK,
        run: async () => ({
          response: await call('CreateRole', userAdmin.accessToken, {
            input: { name: uniqueName('matrix-sub-admin'), permissions: ['users:admin'] },
          }),
          field: 'createRole',
          ok: (value) => expect(value.permissions).toEqual(['users:admin']),
        }),
      },
      {
        name: 'users:admin alone creates a role granting users:read',
        expected: DENIED,
        run: async () => {
          const name = uniqueName('matrix-escalate');
          return {
            response: await call('CreateRole', userAdmin.accessToken, { input: { name, permissions: ['users:read'] } }),
            field: 'createRole',
            denied: async () => expect(await roleNames()).not.toContain(name),
          };
        },
      },
      {
        name: 'users:admin alone updates a role to grant *',
        expected: DENIED,
        run: async () => {
          const role = await createRole(['users:admin']);
          return {
            response: await call('UpdateRole', userAdmin.accessToken, { id: role.id, input: { permissions: ['*'] } }),
            field: 'updateRole',
            denied: async () => expect((await roleById(role.id))?.permissions).toEqual(['users:admin']),
          };
        },
      },
      {
        name: 'users:admin alone deletes a role granting scripts:read',
        expected: DENIED,
        run: async () => {
          const role = await createRole(['scripts:read']);
          return {
            response: await call('DeleteRole', userAdmin.accessToken, { id: role.id }),
            field: 'deleteRole',
            denied: async () => expect(await roleById(role.id)).toBeDefined(),
          };
        },
      },
      {
        name: 'users:admin alone assigns the admin role',
        expected: DENIED,
        run: async () => ({
          response: await call('AssignRole', userAdmin.accessToken, { userId: userAdmin.id, role: 'admin' }),
          field: 'assignRole',
          denied: async () => expect(await rolesOf(userAdmin.id)).not.toContain('admin'),
        }),
      },
      {
        name: 'users:admin alone assigns a role it holds and reads the result',
        expected: OK,
        run: async () => {
          const [role, someone] = [await createRole(['users:admin']), await stack.createUser()];
          return {
            response: await call('AssignRole', userAdmin.accessToken, { userId: someone.id, role: role.name }),
            field: 'assignRole',
            ok: async (value) => {
              expect(value.roles.map((r: { name: string }) => r.name)).toEqual([role.name, 'viewer'].sort());
              expect(await rolesOf(someone.id)).toContain(role.name);
            },
          };
        },
      },
      {
        name: 'users:read alone reads the roles and permissions of another user',
        expected: OK,
        run: async () => ({
          response: await call('User', userReader.accessToken, { id: target.id }),
          field: 'user',
          ok: (value) => expect(value).toMatchObject({ roles: [{ name: 'viewer' }], permissions: expect.any(Array) }),
        }),
      },
      {
        name: 'users:read alone reads the datamodule accesses of another user',
        expected: DENIED,
        run: async () => ({
          response: await stack.request(USER_FIELDS_OF_OTHER, {
            token: userReader.accessToken,
            variables: { id: target.id },
          }),
          field: 'user',
        }),
      },
    ];

    it.each(CUSTOM.map((cell): [string, CustomCell] => [`${cell.name} → ${cell.expected}`, cell]))(
      '%s',
      async (_title, { run, expected }) => {
        const attempt = await run();
        const { response, field } = attempt;
        if (expected === 'ok') {
          expect(errorCodes(response), response.text).toEqual([]);
          expect(response.data?.[field], response.text).toBeTruthy();
          await attempt.ok?.(response.data![field]);
        } else {
          expect(errorCodes(response), response.text).toEqual([expected]);
          expect(response.data?.[field] ?? null, response.text).toBeNull();
          await attempt.denied?.();
        }
      },
    );
  });
});
