import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEvent } from '@etl/kit';
import {
  errorCodes,
  uniqueName,
  type GraphQLResponse,
  type ListedAuditEvent,
  type OperationDocument,
  type TestUser,
} from '@etl/testkit';
import { HELLO_SCRIPT, startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The audit log across subgraphs, through the gateway: the scripts subgraph writes each event
 * into its outbox with the change and its relay delivers it to the users subgraph's log, which
 * lists every service's events in one query, in order. Runs stay queued (no runner) so that a
 * run can be cancelled before it starts.
 */
describe('the audit log of every subgraph', () => {
  let stack: ScriptsTestStack;
  let admin: string;
  beforeAll(async () => {
    stack = await startScriptsStack({}, { runner: false });
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const must = (response: GraphQLResponse, label: string) => {
    expect(response.errors, `${label}: ${response.text}`).toBeUndefined();
    return response.data!;
  };

  /** Every event whose request id starts with `prefix`, in the log's order, once `count` are there. */
  async function loggedEvents(prefix: string, count: number): Promise<ListedAuditEvent[]> {
    let events: ListedAuditEvent[] = [];
    await expect
      .poll(
        async () => {
          events = [];
          let after: string | null = null;
          for (;;) {
            const page = must(
              await stack.operation('users', 'AuditEvents', { token: admin, variables: { first: 200, after } }),
              'auditEvents',
            ).auditEvents;
            const nodes = (page.edges as Array<{ node: ListedAuditEvent }>).map((edge) => edge.node);
            events.push(...nodes.filter((event) => event.requestId.startsWith(prefix)));
            if (!page.pageInfo.hasNextPage) break;
            after = page.pageInfo.endCursor as string;
          }
          return events.length;
        },
        { timeout: 30_000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(count);
    return events;
  }

  it('lists the events of a scripted sequence of 20 actions across subgraphs, in order, with actor and request id', async () => {
    const prefix = uniqueName('seq');
    const login = uniqueName('alice');
    const password = 'alice-password-1';
    let step = 0;
    const expected: Array<{ requestId: string; action: string; actorLogin: string }> = [];
    /** Sends one action with its own request id and notes the event it must leave. */
    const act = async (
      action: string,
      actorLogin: string,
      send: (headers: Record<string, string>) => Promise<GraphQLResponse>,
    ) => {
      const requestId = `${prefix}-${String(++step).padStart(2, '0')}`;
      const response = await send({ 'x-request-id': requestId });
      expected.push({ requestId, action, actorLogin });
      return response;
    };
    let alice: TestUser = { id: '', login, password, accessToken: '', refreshToken: '' };
    const asAlice =
      (document: OperationDocument, operation: string, variables: Record<string, unknown>) =>
      (headers: Record<string, string>) =>
        stack.operation(document, operation, { token: alice.accessToken, variables, headers });
    const asAdmin =
      (document: OperationDocument, operation: string, variables: Record<string, unknown>) =>
      (headers: Record<string, string>) =>
        stack.operation(document, operation, { token: admin, variables, headers });
    const signIn = async (headers: Record<string, string>) => {
      const response = await stack.operation('users', 'Login', { variables: { login, password }, headers });
      const session = must(response, 'login').login;
      alice = { ...alice, accessToken: session.accessToken, refreshToken: session.refreshToken };
      return response;
    };

    const registered = await act('user.register', login, (headers) =>
      stack.operation('users', 'Register', { variables: { input: { login, password } }, headers }),
    );
    alice.id = must(registered, 'register').register.user.id;
    const failed = await act('session.login-failed', login, (headers) =>
      stack.operation('users', 'Login', { variables: { login, password: 'wrong-password' }, headers }),
    );
    expect(errorCodes(failed)).toEqual(['UNAUTHENTICATED']);
    await act('session.login', login, signIn);
    must(
      await act('role.assign', 'admin', asAdmin('users', 'AssignRole', { userId: alice.id, role: 'editor' })),
      'editor',
    );
    must(
      await act('role.assign', 'admin', asAdmin('users', 'AssignRole', { userId: alice.id, role: 'operator' })),
      'op',
    );
    await act('session.login', login, signIn);
    const requested = must(
      await act(
        'datamodule-access.request',
        login,
        asAlice('users', 'RequestDatamoduleAccess', { datamoduleId: 'dm-wells', accessTypes: ['READ'] }),
      ),
      'request',
    ).requestDatamoduleAccess;
    must(
      await act(
        'datamodule-access.approve',
        'admin',
        asAdmin('users', 'ApproveDatamoduleAccess', { id: requested.id }),
      ),
      'approve',
    );
    const expiresAt = new Date(Date.now() + DAY_MS).toISOString();
    const token = must(
      await act(
        'api-token.create',
        login,
        asAlice('users', 'CreateApiToken', { input: { name: 'nightly', permissions: ['scripts:read'], expiresAt } }),
      ),
      'token',
    ).createApiToken.apiToken;
    const folder = must(
      await act('folder.create', login, asAlice('scripts', 'CreateFolder', { input: { name: uniqueName('audit') } })),
      'folder',
    ).createFolder;
    const created = must(
      await act(
        'script.create',
        login,
        asAlice('scripts', 'CreateScript', { input: { folderId: folder.id, name: 'hello.py', content: HELLO_SCRIPT } }),
      ),
      'script',
    ).createScript;
    must(
      await act(
        'script.update',
        login,
        asAlice('scripts', 'UpdateScript', { id: created.id, input: { content: `${HELLO_SCRIPT}\n# v2\n` } }),
      ),
      'update',
    );
    must(await act('script.release', login, asAlice('scripts', 'ReleaseScript', { id: created.id })), 'release');
    const renamed = must(
      await act(
        'folder.rename',
        login,
        asAlice('scripts', 'RenameFolder', { id: folder.id, name: uniqueName('renamed') }),
      ),
      'rename',
    ).renameFolder;
    const run = must(
      await act(
        'run.start',
        login,
        asAlice('runs', 'StartScriptRun', { path: `${renamed.path}/hello.py`, input: { name: 'audit' } }),
      ),
      'start',
    ).startScriptRun;
    must(await act('run.cancel', login, asAlice('runs', 'CancelScriptRun', { id: run.id })), 'cancel');
    const uploaded = must(
      await stack.operation('runs', 'UploadFile', {
        token: alice.accessToken,
        variables: {
          input: { prefix: 'audit', filename: 'wells.csv', contentBase64: Buffer.from('a,b\n').toString('base64') },
        },
      }),
      'upload',
    ).uploadFile;
    must(await act('file.delete', login, asAlice('runs', 'DeleteFile', { key: uploaded.key })), 'delete file');
    must(await act('script.delete', login, asAlice('scripts', 'DeleteScript', { id: created.id })), 'delete script');
    must(await act('api-token.revoke', login, asAlice('users', 'RevokeApiToken', { id: token.id })), 'revoke');
    must(await act('session.logout-all', login, asAlice('users', 'LogoutAll', {})), 'logoutAll');
    expect(step).toBe(20);

    const events = await loggedEvents(prefix, 20);
    expect(events.map(({ requestId, action, actorLogin }) => ({ requestId, action, actorLogin }))).toEqual(expected);
    for (const event of events) {
      expect(event.actorId, event.action).toEqual(event.action === 'session.login-failed' ? null : expect.any(String));
      expect(event.clientAddress, event.action).toEqual(expect.any(String));
    }
    const byAlice = events.filter((event) => event.actorLogin === login && event.actorId);
    expect(new Set(byAlice.map((event) => event.actorId))).toEqual(new Set([alice.id]));
    expect(events.find((e) => e.action === 'file.delete')).toMatchObject({
      targetType: 'File',
      targetId: uploaded.key,
    });
    expect(events.find((e) => e.action === 'run.cancel')).toMatchObject({ targetType: 'ScriptRun', targetId: run.id });
    // Delivered events leave the scripts subgraph's outbox.
    await expect.poll(() => stack.scripts.orm.em.fork().count(AuditEvent, {})).toBe(0);
  });

  it('names the API token a change was made with', async () => {
    const editor = await stack.createUser(['editor']);
    const created = must(
      await stack.operation('users', 'CreateApiToken', {
        token: editor.accessToken,
        variables: {
          input: {
            name: 'ci',
            permissions: ['scripts:read', 'scripts:write'],
            expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
          },
        },
      }),
      'token',
    ).createApiToken;
    const requestId = uniqueName('by-token');
    must(
      await stack.operation('scripts', 'CreateFolder', {
        token: created.secret,
        variables: { input: { name: uniqueName('from-ci') } },
        headers: { 'x-request-id': requestId },
      }),
      'folder',
    );
    const [event] = await loggedEvents(requestId, 1);
    expect(event).toMatchObject({
      action: 'folder.create',
      actorId: editor.id,
      actorLogin: editor.login,
      apiToken: { id: created.apiToken.id },
    });
  });

  it('records nothing for a change that is rolled back', async () => {
    const editor = await stack.createUser(['editor']);
    const create = async (name: string) =>
      must(
        await stack.operation('scripts', 'CreateScript', {
          token: editor.accessToken,
          variables: { input: { name, content: HELLO_SCRIPT } },
        }),
        name,
      ).createScript as { id: string };
    const taken = uniqueName('taken');
    await create(`${taken}.py`);
    const other = await create(`${uniqueName('other')}.py`);
    // The rename reaches the commit, where the unique path refuses it: the whole transaction,
    // audit event included, is rolled back.
    const refusedId = uniqueName('refused');
    const refused = await stack.operation('scripts', 'UpdateScript', {
      token: editor.accessToken,
      variables: { id: other.id, input: { name: `${taken}.py` } },
      headers: { 'x-request-id': refusedId },
    });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(await stack.scripts.orm.em.fork().count(AuditEvent, { requestId: refusedId })).toBe(0);
    // A later change's event reaching the log shows the relay has run since.
    const laterId = uniqueName('later');
    must(
      await stack.operation('scripts', 'ReleaseScript', {
        token: editor.accessToken,
        variables: { id: other.id },
        headers: { 'x-request-id': laterId },
      }),
      'release',
    );
    await loggedEvents(laterId, 1);
    const listed = await stack.operation('users', 'AuditEvents', {
      token: admin,
      variables: { filter: { requestId: refusedId } },
    });
    expect(must(listed, 'auditEvents').auditEvents.edges).toEqual([]);
  });
});
