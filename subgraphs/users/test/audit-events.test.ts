import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGateway } from '@etl/gateway/testing';
import { AUDIT_EVENTS_PATH, AuditEvent, GATEWAY_SECRET_HEADER } from '@etl/kit';
import {
  errorCodes,
  postGraphQL,
  startTestStack,
  TEST_GATEWAY_SECRET,
  uniqueName,
  type GraphQLRequestOptions,
  type ListedAuditEvent,
  type TestStack,
} from '@etl/testkit';
import { expectError } from '@etl/testkit/error-expectations';
import { AuditRetention } from '../src/audit/audit-retention.js';
import type { RunningUsersSubgraph } from '../src/index.js';
import { usersSubgraph } from '../src/testing.js';

/**
 * The audit log of the users subgraph through the gateway: what a change records, who may read
 * it, paging and filters, bad input, and the intake the other subgraphs deliver to. The gateway
 * believes the test's X-Forwarded-For (TRUST_PROXY), so a request can pick its client address.
 */
describe('audit events of the users subgraph', () => {
  let stack: TestStack<RunningUsersSubgraph>;
  let admin: string;
  beforeAll(async () => {
    stack = await startTestStack({
      users: usersSubgraph(),
      gateway: testGateway,
      gatewayEnv: { TRUST_PROXY: 'loopback' },
    });
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const listEvents = (variables: Record<string, unknown>, options: GraphQLRequestOptions = {}) =>
    stack.operation('users', 'AuditEvents', { token: admin, variables, ...options });
  const eventsOf = async (requestId: string): Promise<ListedAuditEvent[]> => {
    const response = await listEvents({ filter: { requestId }, first: 200 });
    expect(response.errors, response.text).toBeUndefined();
    return (response.data!.auditEvents.edges as Array<{ node: ListedAuditEvent }>).map((edge) => edge.node);
  };
  const withRequestId = (requestId: string, address = '198.51.100.20') => ({
    'x-request-id': requestId,
    'x-forwarded-for': address,
  });

  it("records an administrator's account changes and a revoked session, and no refused change", async () => {
    const user = await stack.createUser();
    const act = async (operation: string, variables: Record<string, unknown>, token = admin) => {
      const requestId = uniqueName(operation);
      const response = await stack.operation('users', operation, {
        token,
        variables,
        headers: withRequestId(requestId),
      });
      expect(response.errors, response.text).toBeUndefined();
      return (await eventsOf(requestId)).map(({ action, targetType, targetId, details }) => ({
        action,
        targetType,
        targetId,
        details,
      }));
    };
    const onUser = (action: string) => [
      { action, targetType: 'User', targetId: user.id, details: { login: user.login } },
    ];
    const sessions = await stack.operation('users', 'Sessions', { token: user.accessToken });
    const sessionId = sessions.data!.sessions[0].id as string;
    expect(await act('RevokeSession', { id: sessionId }, user.accessToken)).toEqual([
      { action: 'session.revoke', targetType: 'Session', targetId: sessionId, details: { userId: user.id } },
    ]);
    expect(await act('DisableUser', { userId: user.id })).toEqual(onUser('user.disable'));
    expect(await act('EnableUser', { userId: user.id })).toEqual(onUser('user.enable'));
    expect(await act('ResetPassword', { userId: user.id })).toEqual(onUser('user.reset-password'));
    // A refused change records nothing: the admin cannot delete itself.
    const adminId = (await stack.operation('users', 'Me', { token: admin })).data!.me.id as string;
    const refusedId = uniqueName('refused');
    const refused = await stack.operation('users', 'DeleteUser', {
      token: admin,
      variables: { userId: adminId },
      headers: withRequestId(refusedId),
    });
    expect(refused.errors?.[0]?.extensions?.code).toBeDefined();
    expect(await eventsOf(refusedId)).toEqual([]);
    expect(await act('DeleteUser', { userId: user.id })).toEqual(onUser('user.delete'));
  });

  it('a change records who did what to what, with the request id and the client address', async () => {
    const user = await stack.createUser();
    const requestId = uniqueName('assign');
    const assigned = await stack.operation('users', 'AssignRole', {
      token: admin,
      variables: { userId: user.id, role: 'editor' },
      headers: withRequestId(requestId, '198.51.100.21'),
    });
    expect(assigned.errors).toBeUndefined();
    const adminId = (await stack.operation('users', 'Me', { token: admin })).data!.me.id as string;
    expect(await eventsOf(requestId)).toEqual([
      {
        id: expect.any(String),
        occurredAt: expect.any(String),
        action: 'role.assign',
        actorId: adminId,
        actorLogin: 'admin',
        targetType: 'User',
        targetId: user.id,
        requestId,
        clientAddress: '198.51.100.21',
        details: { role: 'editor' },
        apiToken: null,
      },
    ]);
  });

  it('a failed login says no more than the login did: an unknown login and a wrong password look alike', async () => {
    const user = await stack.createUser();
    const attempts = { known: uniqueName('known'), unknown: uniqueName('unknown') };
    const wrong = await stack.operation('users', 'Login', {
      variables: { login: user.login, password: 'not-the-password' },
      headers: withRequestId(attempts.known),
    });
    const missing = await stack.operation('users', 'Login', {
      variables: { login: `${user.login}-nobody`, password: 'not-the-password' },
      headers: withRequestId(attempts.unknown),
    });
    expect([errorCodes(wrong), errorCodes(missing)]).toEqual([['UNAUTHENTICATED'], ['UNAUTHENTICATED']]);
    const [known] = await eventsOf(attempts.known);
    const [unknown] = await eventsOf(attempts.unknown);
    const shape = (event: ListedAuditEvent | undefined) => ({
      ...event,
      id: 0,
      occurredAt: 0,
      requestId: 0,
      actorLogin: 0,
    });
    expect(known).toMatchObject({ action: 'session.login-failed', actorId: null, actorLogin: user.login });
    expect(unknown).toMatchObject({ actorLogin: `${user.login}-nobody` });
    expect(shape(known)).toEqual(shape(unknown));
    expect(known!.details).toEqual({ reason: 'invalid-credentials' });
    // The good login that follows names the user.
    const good = uniqueName('good');
    await stack.operation('users', 'Login', {
      variables: { login: user.login, password: user.password },
      headers: withRequestId(good),
    });
    expect(await eventsOf(good)).toEqual([
      expect.objectContaining({ action: 'session.login', actorId: user.id, actorLogin: user.login }),
    ]);
  });

  it('only a holder of audit:read may list events; users:admin alone may not', async () => {
    const roleName = uniqueName('auditor');
    const created = await stack.operation('users', 'CreateRole', {
      token: admin,
      variables: { input: { name: roleName, permissions: ['audit:read'] } },
    });
    expect(created.errors).toBeUndefined();
    const auditor = await stack.createUser([roleName]);
    const userAdmin = await stack.createUser(['viewer']);
    const adminRole = uniqueName('user-admin');
    await stack.operation('users', 'CreateRole', {
      token: admin,
      variables: { input: { name: adminRole, permissions: ['users:admin', 'users:read'] } },
    });
    const manager = await stack.createUser([adminRole]);
    expectError(await listEvents({}, { token: null }), 'UNAUTHENTICATED', 'anonymous');
    expectError(await listEvents({}, { token: userAdmin.accessToken }), 'FORBIDDEN', 'viewer');
    expectError(await listEvents({}, { token: manager.accessToken }), 'FORBIDDEN', 'users:admin alone');
    const allowed = await listEvents({ first: 1 }, { token: auditor.accessToken });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.auditEvents.edges).toHaveLength(1);
  });

  it('pages through a filtered list in order, with no event twice and none left out', async () => {
    const since = new Date().toISOString();
    const user = await stack.createUser();
    const roleNames = [1, 2, 3, 4, 5].map((n) => uniqueName(`paged-${n}`));
    for (const name of roleNames) {
      await stack.operation('users', 'CreateRole', { token: admin, variables: { input: { name, permissions: [] } } });
    }
    await stack.operation('users', 'AssignRole', { token: admin, variables: { userId: user.id, role: 'operator' } });
    const filter = { action: 'role.create', since };
    const seen: ListedAuditEvent[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response = await listEvents({ filter, first: 2, after });
      expect(response.errors, response.text).toBeUndefined();
      const connection = response.data!.auditEvents;
      seen.push(...(connection.edges as Array<{ node: ListedAuditEvent }>).map((edge) => edge.node));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen.map((event) => event.details?.name)).toEqual(roleNames);
    const times = seen.map((event) => event.occurredAt);
    expect([...times].sort()).toEqual(times);
    // The other filters, each alone.
    const byTarget = await listEvents({ filter: { targetType: 'User', targetId: user.id, action: 'role.assign' } });
    expect(byTarget.data!.auditEvents.edges.map((e: { node: ListedAuditEvent }) => e.node.details)).toEqual([
      { role: 'operator' },
    ]);
    const byActor = await listEvents({ filter: { actorId: user.id }, first: 200 });
    // The admin made the account (stack.createUser): its own first act is signing in.
    expect(byActor.data!.auditEvents.edges.map((e: { node: ListedAuditEvent }) => e.node.action)).toEqual([
      'session.login',
    ]);
    const created = await listEvents({ filter: { targetType: 'User', targetId: user.id, action: 'user.create' } });
    const creation = created.data!.auditEvents.edges.map((e: { node: ListedAuditEvent }) => e.node);
    expect(creation).toHaveLength(1);
    expect(creation[0]!.actorId).not.toBe(user.id);
    expect(creation[0]!.details).toEqual({ login: user.login });
    const byLogin = await listEvents({ filter: { actorLogin: user.login.toUpperCase() }, first: 200 });
    expect(byLogin.data!.auditEvents.edges).toHaveLength(1);
    const before = await listEvents({ filter: { action: 'role.create', until: since, since: '2020-01-01T00:00:00Z' } });
    expect(before.data!.auditEvents.edges.map((e: { node: ListedAuditEvent }) => e.node.details?.name)).not.toContain(
      roleNames[0],
    );
  });

  it('refuses bad paging and filters with BAD_USER_INPUT', async () => {
    const page = await listEvents({ first: 1 });
    const cursor = page.data!.auditEvents.pageInfo.endCursor as string;
    const tampered = Buffer.from(`${Buffer.from(cursor, 'base64url').toString()}x`).toString('base64url');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['first 0', { first: 0 }],
      ['first too large', { first: 201 }],
      ['first negative', { first: -1 }],
      ['garbage cursor', { after: 'not a cursor' }],
      ['tampered cursor', { after: tampered }],
      ['actorId not a UUID', { filter: { actorId: 'nobody' } }],
      ['empty action', { filter: { action: '' } }],
      ['long targetId', { filter: { targetId: 'x'.repeat(1025) } }],
      ['since after until', { filter: { since: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' } }],
    ];
    for (const [label, variables] of cases) expectError(await listEvents(variables), 'BAD_USER_INPUT', label);
    expect(errorCodes(await listEvents({ filter: { since: 'yesterday' } }))).toEqual(['BAD_USER_INPUT']);
  });

  it('believes a forwarded client address only from the gateway', async () => {
    const requestId = uniqueName('direct');
    const login = uniqueName('direct');
    const direct = await postGraphQL(
      stack.users.url,
      'mutation($input: RegisterInput!) { register(input: $input) { user { id } } }',
      {
        variables: { input: { login, password: 'direct-password-1' } },
        headers: { 'x-request-id': requestId, 'x-forwarded-for': '203.0.113.66' },
      },
    );
    expect(direct.errors, direct.text).toBeUndefined();
    const [event] = await eventsOf(requestId);
    expect(event).toMatchObject({ action: 'user.register', actorLogin: login, requestId });
    expect(event!.clientAddress).not.toBe('203.0.113.66');
  });

  describe('the intake of the other subgraphs', () => {
    const intakeUrl = () => new URL(AUDIT_EVENTS_PATH, stack.users.url).href;
    const delivered = (id: string) => ({
      id,
      occurredAt: '2026-12-01T10:00:00.000Z',
      action: 'script.release',
      actorId: null,
      actorLogin: 'someone',
      sessionId: null,
      targetType: 'Script',
      targetId: id,
      requestId: `intake-${id}`,
      clientAddress: '192.0.2.1',
      details: { version: 2 },
    });
    const post = (body: unknown, secret: string | null = TEST_GATEWAY_SECRET) =>
      fetch(intakeUrl(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { [GATEWAY_SECRET_HEADER]: secret } : {}) },
        body: JSON.stringify(body),
      });
    const stored = (id: string) => stack.users.orm.em.fork().count(AuditEvent, { id });

    it('refuses a sender without the gateway secret, and writes nothing', async () => {
      const id = crypto.randomUUID();
      for (const secret of [null, 'wrong-secret-of-more-than-32-characters-!!']) {
        const response = await post({ events: [delivered(id)] }, secret);
        expect(response.status).toBe(401);
        expect(
          ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code,
        ).toBe('UNAUTHENTICATED');
      }
      expect(await stored(id)).toBe(0);
    });

    it('is not reachable through the gateway', async () => {
      const response = await fetch(new URL(AUDIT_EVENTS_PATH, stack.gatewayUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: TEST_GATEWAY_SECRET },
        body: JSON.stringify({ events: [delivered(crypto.randomUUID())] }),
      });
      expect(response.status).toBe(404);
    });

    it('refuses malformed deliveries as a whole', async () => {
      const id = crypto.randomUUID();
      const bad = [
        {},
        { events: [] },
        { events: [{ ...delivered(id), id: 'not-a-uuid' }] },
        { events: [{ ...delivered(id), action: 'DROP TABLE' }] },
        { events: [delivered(id), { ...delivered(crypto.randomUUID()), extra: 1 }] },
        { events: [{ ...delivered(id), details: { big: 'x'.repeat(10_000) } }] },
      ];
      for (const body of bad) expect((await post(body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(await stored(id)).toBe(0);
    });

    it('keeps an event delivered twice once, and lists delivered events with the rest', async () => {
      const id = crypto.randomUUID();
      expect(await (await post({ events: [delivered(id)] })).json()).toEqual({ accepted: 1 });
      expect(await (await post({ events: [delivered(id)] })).json()).toEqual({ accepted: 0 });
      expect(await stored(id)).toBe(1);
      expect(await eventsOf(`intake-${id}`)).toEqual([
        expect.objectContaining({
          id,
          action: 'script.release',
          targetType: 'Script',
          occurredAt: '2026-12-01T10:00:00.000Z',
        }),
      ]);
    });
  });

  it('the retention sweep deletes events older than AUDIT_RETENTION_DAYS and keeps the rest', async () => {
    const em = stack.users.orm.em.fork();
    const old = Object.assign(new AuditEvent(), {
      action: 'role.create',
      targetType: 'Role',
      requestId: uniqueName('old'),
      occurredAt: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000),
    });
    const recent = Object.assign(new AuditEvent(), {
      action: 'role.create',
      targetType: 'Role',
      requestId: uniqueName('recent'),
      occurredAt: new Date(Date.now() - 20 * 24 * 60 * 60 * 1000),
    });
    await em.persist([old, recent]).flush();
    const retention = new AuditRetention(stack.users.orm, 30, stack.users.logger);
    expect(await retention.sweep()).toBeGreaterThanOrEqual(1);
    expect(await em.fork().count(AuditEvent, { id: { $in: [old.id, recent.id] } })).toBe(1);
    expect(await em.fork().count(AuditEvent, { id: recent.id })).toBe(1);
  });
});
