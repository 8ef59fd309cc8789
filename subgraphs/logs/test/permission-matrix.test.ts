import {
  BUILT_IN_ROLES,
  type BuiltInRole,
  operationNames,
  errorCodes,
  type GraphQLResponse,
  type TestUser,
  type MatrixOutcome,
  MATRIX_CALLERS,
  type MatrixCaller,
} from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLogsTestStack, type LogsTestStack } from './support/logs-test-stack.js';

/**
 * The permission matrix of the logs subgraph: every operation of schema/operations/logs.graphql,
 * through the real gateway, as an anonymous caller and as a user holding exactly one built-in
 * role. Only `admin` (`*`) and `operator` hold `logs:read`.
 */

/** anonymous, admin, editor, operator, data-manager, viewer */
const LOGS_READ: readonly MatrixOutcome[] = ['UNAUTHENTICATED', 'ok', 'FORBIDDEN', 'ok', 'FORBIDDEN', 'FORBIDDEN'];

interface Operation {
  field: string;
  variables: Record<string, unknown>;
  ok: (value: any) => void;
}

const OPERATIONS: Record<string, Operation> = {
  Pods: {
    field: 'pods',
    variables: { namespace: 'etl', labelSelector: 'app=api' },
    ok: (value) => expect(value.map((p: { name: string }) => p.name)).toEqual(['api-0']),
  },
  PodLogs: {
    field: 'podLogs',
    variables: { namespace: 'etl', pod: 'api-0', container: 'api', tailLines: 1 },
    ok: (value) =>
      expect(value.lines).toEqual([{ timestamp: '2026-01-01T00:00:20.000Z', stream: 'STDOUT', message: 'api ready' }]),
  },
  Logs: {
    field: 'logs',
    variables: { namespace: 'etl', labelSelector: 'app=worker', tailLines: 1 },
    ok: (value) => expect(value).toMatchObject([{ pod: 'worker-0', message: 'worker done' }]),
  },
};

const CELLS = Object.keys(OPERATIONS).flatMap((operation) =>
  MATRIX_CALLERS.map((caller, i): [string, string, MatrixCaller, MatrixOutcome] => [
    `${operation} as ${caller} → ${LOGS_READ[i]}`,
    operation,
    caller,
    LOGS_READ[i]!,
  ]),
);

describe('logs subgraph permission matrix', () => {
  let stack: LogsTestStack;
  const callers = {} as Record<BuiltInRole, TestUser>;

  /** A user holding exactly `role` (the viewer role that registration gives is taken away). */
  async function userWithRole(role: BuiltInRole): Promise<TestUser> {
    const user = await stack.createUser(role === 'viewer' ? [] : [role]);
    if (role === 'viewer') return user;
    const admin = await stack.adminToken();
    const unassigned = await stack.operation('users', 'UnassignRole', {
      token: admin,
      variables: { userId: user.id, role: 'viewer' },
    });
    if (unassigned.errors) throw new Error(`fixture unassignRole failed: ${unassigned.text}`);
    const login = await stack.operation('users', 'Login', {
      variables: { login: user.login, password: user.password },
    });
    return { ...user, accessToken: login.data!.login.accessToken };
  }

  beforeAll(async () => {
    stack = await startLogsTestStack();
    for (const role of BUILT_IN_ROLES) callers[role] = await userWithRole(role);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('covers every operation of logs.graphql', () => {
    const documentOperations = operationNames('logs');
    expect(Object.keys(OPERATIONS).sort()).toEqual(documentOperations.sort());
  });

  it.each(BUILT_IN_ROLES)('the %s caller holds exactly its built-in role', async (role) => {
    const me = await stack.operation('users', 'Me', { token: callers[role].accessToken });
    expect(me.data!.me.roles.map((r: { name: string }) => r.name)).toEqual([role]);
    expect(me.data!.me.permissions.includes('logs:read') || role === 'admin').toBe(
      role === 'admin' || role === 'operator',
    );
  });

  it.each(CELLS)('%s', async (_title, operation, caller, expected) => {
    const { field, variables, ok } = OPERATIONS[operation]!;
    const token = caller === 'anonymous' ? undefined : callers[caller].accessToken;
    const response: GraphQLResponse = await stack.operation('logs', operation, { token, variables });
    if (expected === 'ok') {
      expect(errorCodes(response), response.text).toEqual([]);
      ok(response.data![field]);
    } else {
      expect(errorCodes(response), response.text).toEqual([expected]);
      expect(response.errors![0]!.path?.[0], response.text).toBe(field);
      expect(response.data?.[field] ?? null).toBeNull();
      // A refusal tells nothing of the logs.
      expect(response.text).not.toContain('api ready');
      expect(response.text).not.toContain('worker done');
    }
  });
});
