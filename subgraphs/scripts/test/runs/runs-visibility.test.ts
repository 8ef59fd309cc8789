import { errorCodes, uniqueName, type TestUser } from '@etl/testkit';
import { expectError } from '@etl/testkit/error-expectations';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { usersWithRoles, userWithRole } from '../support/permission-callers.js';
import { scriptFixtures } from '../support/permission-fixtures.js';
import { base64, must, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * Whose runs are whose: a run, its result, its output and the files it stored are read by its
 * starter and by holders of `scripts:admin` or `runs:read`, never by another operator, editor or
 * viewer; it is deleted (`deleteScriptRun`, files included) by its starter or `scripts:admin`.
 * Every refusal is checked to have changed nothing.
 */

/** Writes one output file and prints a secret: what another user must not see. */
const WRITER =
  'def main(data):\n    with open("out/secret.txt", "w") as f:\n        f.write("s3cret")\n    print("printed s3cret")\n    return {"secret": "s3cret"}\n';
const SLEEPER = 'import time\n\ndef main(data):\n    time.sleep(60)\n    return {}\n';
/** Copies an input file to its output: how a run could launder another's files. */
const COPIER = 'def main(data):\n    import shutil\n    shutil.copy("in/secret.txt", "out/copy.txt")\n    return {}\n';

describe('who reads and deletes a run', () => {
  const h = useRunsStack();
  /** owner starts runs; other is an operator too (files:read, files:write, scripts:execute). */
  let owner: TestUser;
  let other: TestUser;
  let editor: TestUser;
  let viewer: TestUser;
  let auditor: TestUser;
  let writer: ScriptRef;
  let run: { id: string; outputFiles: Array<{ key: string }> };
  let outputKey: string;

  const as = (user: TestUser, operation: string, variables: Record<string, unknown>) =>
    h.runs(operation, variables, user.accessToken);

  beforeAll(async () => {
    const fx = await scriptFixtures(h.stack);
    ({ editor, viewer } = await usersWithRoles(fx, ['editor', 'viewer'] as const));
    [owner, other] = await Promise.all([userWithRole(fx, 'operator'), userWithRole(fx, 'operator')]);
    const role = uniqueName('auditor');
    must(
      await h.stack.operation('users', 'CreateRole', {
        token: h.admin,
        variables: {
          input: { name: role, description: 'reads every run', permissions: ['scripts:read', 'runs:read'] },
        },
      }),
      'createRole',
    );
    auditor = await h.stack.createUser([role]);
    writer = await h.newScript(WRITER, 'writer');
    run = await h.run(writer.logicalPath, {}, owner.accessToken);
    expect(run).toMatchObject({ status: 'SUCCEEDED', outputFiles: [{ key: expect.stringMatching(/^runs\//) }] });
    outputKey = run.outputFiles[0]!.key;
  });

  it('lets the starter read the run, its output and its files', async () => {
    const read = must(await as(owner, 'ScriptRun', { id: run.id }), 'scriptRun');
    expect(read).toMatchObject({ result: { secret: 's3cret' }, stdout: 'printed s3cret\n' });
    const file = must(await as(owner, 'File', { key: outputKey }), 'file');
    expect(file).toMatchObject({ key: outputKey, contentBase64: base64('s3cret'), downloadUrl: expect.any(String) });
    const listed = must(await as(owner, 'Files', { prefix: `runs/${run.id}/` }), 'files');
    expect(listed.map((f: { key: string }) => f.key)).toEqual([outputKey]);
    expect(must(await as(owner, 'ScriptRuns', { scriptId: writer.id }), 'scriptRuns')).toMatchObject([{ id: run.id }]);
    const page = must(await as(owner, 'Runs', { filter: { scriptId: writer.id } }), 'runs');
    expect(page.edges).toMatchObject([{ node: { id: run.id } }]);
  });

  it.each(['other operator', 'editor', 'viewer'])('is FORBIDDEN to the run of another user (%s)', async (who) => {
    const user = { 'other operator': other, editor, viewer }[who]!;
    const read = await as(user, 'ScriptRun', { id: run.id });
    expectError(read, 'FORBIDDEN', `${who} scriptRun`);
    expect(read.text).not.toContain('s3cret');
    expect(read.data?.scriptRun ?? null).toBeNull();
    expect(must(await as(user, 'ScriptRuns', { scriptId: writer.id }), 'scriptRuns')).toEqual([]);
    const mine = must(await as(user, 'Runs', { filter: { startedBy: owner.id } }), 'runs');
    expect(mine.edges).toEqual([]);
    const everything = must(await as(user, 'Runs', { first: 100 }), 'runs');
    expect(everything.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(run.id);
  });

  it.each(['other operator', 'editor', 'viewer'])("is FORBIDDEN to another user's run files (%s)", async (who) => {
    const user = { 'other operator': other, editor, viewer }[who]!;
    const file = await as(user, 'File', { key: outputKey });
    expectError(file, 'FORBIDDEN', `${who} file`);
    expect(file.text).not.toContain(base64('s3cret'));
    for (const prefix of [`runs/${run.id}/`, 'runs/', `runs/${run.id.slice(0, 8)}`]) {
      expectError(await as(user, 'Files', { prefix }), 'FORBIDDEN', `${who} files ${prefix}`);
    }
    // A listing that covers runs/ leaves the run folders out, whatever comes before and after them.
    for (const prefix of [null, '', 'r', 'runs']) {
      const listed = must(await as(user, 'Files', { prefix }), 'files');
      expect(listed.map((f: { key: string }) => f.key).filter((key: string) => key.startsWith('runs/'))).toEqual([]);
    }
  });

  it("refuses to delete another's run files with deleteFile, and to place them in a run", async () => {
    expectError(await as(other, 'DeleteFile', { key: outputKey }), 'FORBIDDEN', 'deleteFile');
    const copier = await h.newScript(COPIER, 'copier');
    const laundering = await as(other, 'RunScript', { path: copier.logicalPath, files: [outputKey] });
    expectError(laundering, 'FORBIDDEN', 'run with files');
    expect(await h.runsOf(copier.id)).toEqual([]);
    expect(await h.fileExists(outputKey)).toBe(true);
  });

  it('refuses uploads under runs/, where they would pass for run output', async () => {
    const upload = await as(other, 'UploadFile', {
      input: { prefix: `runs/${run.id}`, filename: 'fake.txt', contentBase64: base64('x') },
    });
    expectError(upload, 'BAD_USER_INPUT', 'upload under runs/');
    expect(upload.errors![0]!.extensions!.field).toBe('prefix');
  });

  it('lets a holder of runs:read read every run and its files, but not delete them', async () => {
    expect(must(await as(auditor, 'ScriptRun', { id: run.id }), 'scriptRun').result).toEqual({ secret: 's3cret' });
    expect(must(await as(auditor, 'File', { key: outputKey }), 'file').contentBase64).toBe(base64('s3cret'));
    const listed = must(await as(auditor, 'Files', { prefix: 'runs/' }), 'files');
    expect(listed.map((f: { key: string }) => f.key)).toContain(outputKey);
    expectError(await as(auditor, 'DeleteScriptRun', { id: run.id }), 'FORBIDDEN', 'auditor delete');
    expect(await h.runsOf(writer.id)).toMatchObject([{ id: run.id }]);
  });

  it('refuses to delete the run of another user, changing nothing', async () => {
    for (const user of [other, editor, viewer]) {
      expectError(await as(user, 'DeleteScriptRun', { id: run.id }), 'FORBIDDEN', user.login);
    }
    expect(await h.runsOf(writer.id)).toMatchObject([{ id: run.id }]);
    expect(await h.fileExists(outputKey)).toBe(true);
  });

  it('answers bad ids with BAD_USER_INPUT and unknown runs with NOT_FOUND', async () => {
    expectError(await as(owner, 'DeleteScriptRun', { id: 'not-a-uuid' }), 'BAD_USER_INPUT', 'malformed');
    expectError(
      await as(owner, 'DeleteScriptRun', { id: '00000000-0000-4000-8000-000000000000' }),
      'NOT_FOUND',
      'unknown',
    );
  });

  it('refuses to delete a queued or running run with CONFLICT; once cancelled it can be', async () => {
    const sleeper = await h.newScript(SLEEPER, 'sleeper');
    const started = must(await as(owner, 'StartScriptRun', { path: sleeper.logicalPath }), 'startScriptRun');
    const refused = await as(owner, 'DeleteScriptRun', { id: started.id });
    expectError(refused, 'CONFLICT', 'delete while queued or running');
    expect(refused.errors![0]!.message).toMatch(/cancel it first/);
    must(await as(owner, 'CancelScriptRun', { id: started.id }), 'cancelScriptRun');
    await vi.waitFor(
      async () => expect(must(await as(owner, 'ScriptRun', { id: started.id }), 'scriptRun').status).toBe('CANCELLED'),
      { timeout: 20_000, interval: 100 },
    );
    expect(must(await as(owner, 'DeleteScriptRun', { id: started.id }), 'deleteScriptRun')).toBe(true);
  });

  it("lets the starter delete the run with its files; then it is NOT_FOUND; an admin deletes anyone's", async () => {
    const deleted = await as(owner, 'DeleteScriptRun', { id: run.id });
    expect(errorCodes(deleted), deleted.text).toEqual([]);
    expect(deleted.data).toEqual({ deleteScriptRun: true });
    expectError(await as(owner, 'ScriptRun', { id: run.id }), 'NOT_FOUND', 'read after delete');
    expect(await h.fileExists(outputKey)).toBe(false);
    expectError(await as(owner, 'DeleteScriptRun', { id: run.id }), 'NOT_FOUND', 'deleted twice');
    const second = await h.run(writer.logicalPath, {}, other.accessToken);
    expect(must(await h.runs('DeleteScriptRun', { id: second.id }), 'deleteScriptRun')).toBe(true);
    expect(await h.fileExists(second.outputFiles[0].key)).toBe(false);
  });
});
