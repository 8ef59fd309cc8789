import {
  BUILT_IN_ROLES,
  type BuiltInRole,
  operationNames,
  DENIED,
  errorCodes,
  type MatrixCaller,
  type MatrixOutcome,
  MATRIX_CALLERS,
  OK,
  type TestUser,
  UNAUTH,
  uniqueName,
} from '@etl/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { usersWithRoles } from '../support/permission-callers.js';
import { scriptFixtures, verify, type Attempt } from '../support/permission-fixtures.js';
import { base64, must, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * The permission matrix of runs.graphql: every operation, sent whole through the real gateway,
 * as an anonymous caller and as a user holding exactly one built-in role. Each cell is one test
 * named `<operation> as <caller> → <expected>`: `ok` is an answer without errors whose data is
 * checked, anything else the one error code the contract demands and a check that nothing
 * changed. Running needs scripts:execute; reading runs scripts:read; files files:read and
 * files:write. Passing `files` to a run needs files:read as well (a custom role shows it).
 */

/** Expected outcome per caller, in the order of MATRIX_CALLERS: anonymous, admin, editor, operator, data-manager, viewer. */
const MATRIX: Record<string, readonly MatrixOutcome[]> = {
  //                 anon    admin editor operator data-mgr viewer
  RunScript: /*   */ [UNAUTH, OK, DENIED, OK, DENIED, DENIED],
  StartScriptRun: [UNAUTH, OK, DENIED, OK, DENIED, DENIED],
  // The shared run is the admin's: a run is read by its starter and holders of scripts:admin or
  // runs:read; the lists of the others hold their own runs only (none).
  ScriptRun: /*   */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  ScriptRuns: /*  */ [UNAUTH, OK, OK, OK, DENIED, OK],
  Runs: /*        */ [UNAUTH, OK, OK, OK, DENIED, OK],
  UploadFile: /*  */ [UNAUTH, OK, OK, OK, DENIED, DENIED],
  File: /*        */ [UNAUTH, OK, OK, OK, DENIED, OK],
  Files: /*       */ [UNAUTH, OK, OK, OK, DENIED, OK],
  DeleteFile: /*  */ [UNAUTH, OK, OK, OK, DENIED, DENIED],
  // A run the admin started: only its starter or scripts:admin may cancel it.
  CancelScriptRun: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  // Likewise for deleting one.
  DeleteScriptRun: [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
};

const CELLS = Object.entries(MATRIX).flatMap(([operation, outcomes]) =>
  MATRIX_CALLERS.map((caller, i): [string, string, MatrixCaller, MatrixOutcome] => [
    `${operation} as ${caller} → ${outcomes[i]}`,
    operation,
    caller,
    outcomes[i]!,
  ]),
);

const GREETING = 'def main(data):\n    print("hello")\n    return {"greeting": "hi " + data.get("name", "?")}\n';
/** Runs until cancelled (or for a minute). */
const SLEEPER = 'import time\n\ndef main(data):\n    time.sleep(60)\n    return {}\n';
/** Reads the file it is given, so that a run with `files` shows the file was placed. */
const READER = 'def main(data):\n    with open("in/notes.txt") as f:\n        return {"text": f.read()}\n';

describe.concurrent('runs.graphql permission matrix', () => {
  const h = useRunsStack();
  let callers: Record<BuiltInRole, TestUser>;
  /** A run and a file every read cell looks at. */
  const shared = {} as { script: ScriptRef; runId: string; prefix: string; key: string };

  beforeAll(async () => {
    callers = await usersWithRoles(await scriptFixtures(h.stack), BUILT_IN_ROLES);
    shared.script = await h.newScript(GREETING, 'shared');
    shared.runId = (await h.run(shared.script.logicalPath, { input: { name: 'shared' } })).id;
    shared.prefix = uniqueName('shared');
    shared.key = await h.upload('shared content', 'shared.txt', shared.prefix);
  });

  const tokenOf = (caller: MatrixCaller) => (caller === 'anonymous' ? undefined : callers[caller].accessToken);

  async function scenario(operation: string, caller: MatrixCaller): Promise<Attempt> {
    const token = tokenOf(caller);
    const send = (variables: Record<string, unknown>) => h.stack.operation('runs', operation, { token, variables });
    switch (operation) {
      case 'RunScript': {
        const target = await h.newScript(GREETING, `run-${caller}`);
        return {
          response: await send({ path: target.logicalPath, input: { name: caller } }),
          field: 'runScript',
          ok: (run) => {
            expect(run).toMatchObject({
              status: 'SUCCEEDED',
              result: { greeting: `hi ${caller}` },
              stdout: 'hello\n',
              script: target,
              startedBy: { id: callers[caller as BuiltInRole].id },
            });
          },
          denied: async () => expect(await h.runsOf(target.id)).toEqual([]),
        };
      }
      case 'StartScriptRun': {
        const target = await h.newScript(GREETING, `start-${caller}`);
        return {
          response: await send({ path: target.logicalPath, input: { name: caller } }),
          field: 'startScriptRun',
          ok: async (run) => {
            expect(['QUEUED', 'RUNNING']).toContain(run.status);
            expect(run).toMatchObject({ script: target, startedBy: { id: callers[caller as BuiltInRole].id } });
            const ended = await vi.waitFor(
              async () => {
                const stored = must(await h.runs('ScriptRun', { id: run.id }), 'scriptRun');
                expect(stored.status).toBe('SUCCEEDED');
                return stored;
              },
              { timeout: 20_000, interval: 100 },
            );
            expect(ended).toMatchObject({ result: { greeting: `hi ${caller}` }, stdout: 'hello\n' });
          },
          denied: async () => expect(await h.runsOf(target.id)).toEqual([]),
        };
      }
      case 'ScriptRun':
        return {
          response: await send({ id: shared.runId }),
          field: 'scriptRun',
          ok: (run) =>
            expect(run).toMatchObject({
              id: shared.runId,
              status: 'SUCCEEDED',
              result: { greeting: 'hi shared' },
              stdout: 'hello\n',
              script: shared.script,
            }),
        };
      case 'ScriptRuns':
        return {
          response: await send({ scriptId: shared.script.id, first: 5 }),
          field: 'scriptRuns',
          ok: (runs) =>
            expect(runs).toMatchObject(caller === 'admin' ? [{ id: shared.runId, status: 'SUCCEEDED' }] : []),
        };
      case 'Runs':
        return {
          response: await send({ filter: { scriptId: shared.script.id }, first: 5 }),
          field: 'runs',
          ok: (page) =>
            expect(page).toMatchObject({
              edges:
                caller === 'admin'
                  ? [{ node: { id: shared.runId, status: 'SUCCEEDED', logicalPath: shared.script.logicalPath } }]
                  : [],
              pageInfo: { hasNextPage: false },
            }),
        };
      case 'UploadFile': {
        const prefix = uniqueName(`up-${caller}`);
        const list = async () => must(await h.runs('Files', { prefix: `${prefix}/` }), 'files');
        return {
          response: await send({ input: { prefix, filename: 'a.txt', contentBase64: base64('abc') } }),
          field: 'uploadFile',
          ok: async (file) => {
            expect(file).toMatchObject({ size: 3, contentType: 'text/plain' });
            expect(file.key).toMatch(new RegExp(`^${prefix}/[^/]+/a\\.txt$`));
            expect((await list()).map((f: { key: string }) => f.key)).toEqual([file.key]);
          },
          denied: async () => expect(await list()).toEqual([]),
        };
      }
      case 'File':
        return {
          response: await send({ key: shared.key }),
          field: 'file',
          ok: (file) => {
            expect(file).toMatchObject({ key: shared.key, size: 14, contentBase64: base64('shared content') });
            expect(file.downloadUrl).toEqual(expect.any(String));
          },
        };
      case 'Files':
        return {
          response: await send({ prefix: `${shared.prefix}/` }),
          field: 'files',
          ok: (files) => expect(files).toEqual([{ key: shared.key, size: 14, contentType: 'text/plain' }]),
        };
      case 'DeleteFile': {
        const key = await h.upload('doomed', 'doomed.txt', uniqueName(`del-${caller}`));
        return {
          response: await send({ key }),
          field: 'deleteFile',
          ok: async (deleted) => {
            expect(deleted).toBe(true);
            expect(await h.fileExists(key)).toBe(false);
          },
          denied: async () => expect(await h.fileExists(key)).toBe(true),
        };
      }
      case 'CancelScriptRun': {
        const target = await h.newScript(SLEEPER, `cancel-${caller}`);
        const finished = h.runs('RunScript', { path: target.logicalPath });
        const [run] = await vi.waitFor(
          async () => {
            const listed = await h.runsOf(target.id);
            expect(listed).toHaveLength(1);
            return listed;
          },
          { timeout: 10_000, interval: 50 },
        );
        return {
          response: await send({ id: run!.id }),
          field: 'cancelScriptRun',
          ok: async (cancelled) => {
            expect(cancelled).toMatchObject({ id: run!.id, status: 'CANCELLED', error: { code: 'CANCELLED' } });
            expect((await finished).data!.runScript.status).toBe('CANCELLED');
          },
          denied: async () => {
            const untouched = must(await h.runs('ScriptRun', { id: run!.id }), 'scriptRun');
            expect(untouched.cancelRequestedAt).toBeNull();
            expect(['QUEUED', 'RUNNING']).toContain(untouched.status);
            // Cleared away by the admin, so that the file's other runs get their slots.
            must(await h.runs('CancelScriptRun', { id: run!.id }), 'cancelScriptRun');
            await finished;
          },
        };
      }
      case 'DeleteScriptRun': {
        const target = await h.newScript(GREETING, `delete-${caller}`);
        const run = await h.run(target.logicalPath);
        return {
          response: await send({ id: run.id }),
          field: 'deleteScriptRun',
          ok: async (deleted) => {
            expect(deleted).toBe(true);
            expect(await h.runsOf(target.id)).toEqual([]);
          },
          denied: async () => expect(await h.runsOf(target.id)).toMatchObject([{ id: run.id, status: 'SUCCEEDED' }]),
        };
      }
      default:
        throw new Error(`no scenario for ${operation}`);
    }
  }

  it('covers every operation of runs.graphql', () => {
    const operations = operationNames('runs');
    expect(new Set(Object.keys(MATRIX))).toEqual(new Set(operations));
  });

  it.each(CELLS)('%s', async (_title, operation, caller, expected) => {
    await verify(await scenario(operation, caller), expected);
  });

  describe('a role with scripts:execute alone', () => {
    let runner: TestUser;
    let reader: ScriptRef;
    let key: string;

    beforeAll(async () => {
      const role = uniqueName('runner');
      const created = await h.stack.operation('users', 'CreateRole', {
        token: h.admin,
        variables: { input: { name: role, description: 'runs scripts only', permissions: ['scripts:execute'] } },
      });
      expect(must(created, 'createRole').permissions).toEqual(['scripts:execute']);
      const user = await h.stack.createUser([role]);
      must(
        await h.stack.operation('users', 'UnassignRole', {
          token: h.admin,
          variables: { userId: user.id, role: 'viewer' },
        }),
        'unassignRole',
      );
      const login = must(
        await h.stack.operation('users', 'Login', { variables: { login: user.login, password: user.password } }),
        'login',
      );
      runner = { ...user, accessToken: login.accessToken };
      reader = await h.newScript(READER, 'reader');
      key = await h.upload('placed', 'notes.txt', uniqueName('custom'));
    });

    it('holds exactly scripts:execute', async () => {
      const me = await h.stack.operation('users', 'Me', { token: runner.accessToken });
      expect(errorCodes(me), me.text).toEqual([]);
      expect(me.data!.me.permissions).toEqual(['scripts:execute']);
    });

    it('is FORBIDDEN to pass files, naming files:read, and no run is stored', async () => {
      const response = await h.runs('RunScript', { path: reader.logicalPath, files: [key] }, runner.accessToken);
      expect(errorCodes(response), response.text).toEqual([DENIED]);
      expect(response.errors![0]!.message).toContain('files:read');
      expect(response.data?.runScript ?? null).toBeNull();
      expect(await h.runsOf(reader.id)).toEqual([]);
    });

    it('runs a script without files', async () => {
      const script = await h.newScript(GREETING, 'no-files');
      const response = await h.runs(
        'RunScript',
        { path: script.logicalPath, input: { name: 'r' } },
        runner.accessToken,
      );
      expect(errorCodes(response), response.text).toEqual([]);
      expect(response.data!.runScript).toMatchObject({
        status: 'SUCCEEDED',
        result: { greeting: 'hi r' },
        startedBy: { id: runner.id },
      });
    });

    it('is not asked for files:read when files is empty', async () => {
      const script = await h.newScript(GREETING, 'empty-files');
      const response = await h.runs('RunScript', { path: script.logicalPath, files: [] }, runner.accessToken);
      expect(errorCodes(response), response.text).toEqual([]);
      expect(response.data!.runScript.status).toBe('SUCCEEDED');
    });

    it('the same run with files succeeds for an operator (control)', async () => {
      const run = await h.run(reader.logicalPath, { files: [key] }, callers.operator.accessToken);
      expect(run).toMatchObject({ status: 'SUCCEEDED', result: { text: 'placed' } });
    });
  });
});
