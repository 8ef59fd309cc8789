import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks } from '../support/bad-input-fixtures.js';
import { MACHINE_PATHS, must, python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * How runs end, through the real gateway with real python3: an exception, an exit code, what a
 * script may see of the service (nothing), a result it cannot fake, the version that runs, a run
 * that outlives its script, and the order of a script's runs. Every run is stored and read back.
 */

/** The environment variables a run has (interpreter-process.ts, runEnvironment). */
const RUN_ENVIRONMENT = ['HOME', 'LANG', 'PATH', 'TMPDIR'];

/** Secrets of the service, put in this process's environment (the service's) while the file runs. */
const SERVICE_SECRETS: Record<string, string> = {
  DATABASE_URL: 'postgres://secret-user:secret-password@db.internal:5432/etl',
  JWT_PUBLIC_KEYS: '{"keys":[{"kid":"secret-kid"}]}',
  FILE_URL_SECRET: 'secret-url-signing-key-of-32-characters!!',
  S3_SECRET_ACCESS_KEY: 'secret-s3-key',
};

/** Reads a run back with the fields runs.graphql's RunFields does not select. */
const RUN_RECORD = `query RunRecord($id: ID!) {
  scriptRun(id: $id) { id logicalPath version status input inputFiles stdout stderr error { code message } script { id } }
}`;

describe('runs through the gateway', () => {
  const h = useRunsStack();
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    for (const [name, value] of Object.entries(SERVICE_SECRETS)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const record = async (id: string) =>
    must(await h.stack.request(RUN_RECORD, { token: h.admin, variables: { id } }), 'scriptRun');

  it('fails a script that raises with SCRIPT_ERROR, the traceback’s last line, and the traceback in stderr', async () => {
    const script = await h.newScript(
      python(`
        def helper(x):
            return 1 / x

        def main(data):
            print("about to divide")
            return {"value": helper(data["divisor"])}
      `),
      'raises',
    );
    const response = await h.runs('RunScript', { path: script.logicalPath, input: { divisor: 0 } });
    expect(errorCodes(response), response.text).toEqual([]);
    expectNoLeaks(response, 'a run that raised');
    const run = response.data!.runScript;
    expect(run).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: 'SCRIPT_ERROR', message: 'ZeroDivisionError: division by zero' },
      stdout: 'about to divide\n',
    });
    const stderr = run.stderr as string;
    expect(stderr).toContain('Traceback (most recent call last):');
    expect(stderr).toContain(`File "${script.logicalPath}", line 6, in main`);
    expect(stderr).toContain(`File "${script.logicalPath}", line 2, in helper`);
    expect(stderr).toContain('    return 1 / x');
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(run.error.message);
    expect(stderr).not.toMatch(MACHINE_PATHS);
    expect(await record(run.id)).toMatchObject({ status: 'FAILED', stderr, error: run.error });
  });

  it('takes the last line of a KeyError raised in the module’s top level', async () => {
    const script = await h.newScript(
      'settings = {}\nvalue = settings["missing"]\n\ndef main(data):\n    pass\n',
      'top',
    );
    const run = await h.run(script.logicalPath);
    expect(run).toMatchObject({ status: 'FAILED', error: { code: 'SCRIPT_ERROR', message: "KeyError: 'missing'" } });
    expect(run.stderr).toContain(`File "${script.logicalPath}", line 2, in <module>`);
  });

  it('fails a result whose encoding raises in the script’s code with SCRIPT_ERROR, not a bootstrap traceback', async () => {
    // json.dumps calls items() of a dict subclass: the script's code runs after main returned.
    const script = await h.newScript(
      python(`
        class Rows(dict):
            def items(self):
                raise ZeroDivisionError("boom")

        def main(data):
            return Rows(a=1)
      `),
      'bad-dict',
    );
    const response = await h.runs('RunScript', { path: script.logicalPath });
    expect(errorCodes(response), response.text).toEqual([]);
    expectNoLeaks(response, 'a result that raised while encoded');
    const run = response.data!.runScript;
    expect(run).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: 'SCRIPT_ERROR', message: 'ZeroDivisionError: boom' },
    });
    expect(run.stderr).toContain(`File "${script.logicalPath}", line 3, in items`);
    expect(run.stderr).not.toMatch(MACHINE_PATHS);
  });

  it('fails a script that calls sys.exit(3) with exit code 3 (EXITED)', async () => {
    const script = await h.newScript('import sys\n\ndef main(data):\n    print("leaving")\n    sys.exit(3)\n', 'exits');
    const run = await h.run(script.logicalPath);
    expect(run).toMatchObject({
      status: 'FAILED',
      exitCode: 3,
      result: null,
      error: { code: 'EXITED', message: 'the interpreter exited with code 3' },
      stdout: 'leaving\n',
    });
  });

  it('gives the script none of the service’s environment, only PATH, HOME, TMPDIR and LANG', async () => {
    expect(process.env.DATABASE_URL).toBe(SERVICE_SECRETS.DATABASE_URL);
    const script = await h.newScript('import os\n\ndef main(data):\n    return {"env": dict(os.environ)}\n', 'env');
    const run = await h.run(script.logicalPath);
    expect(run.status, run.stderr).toBe('SUCCEEDED');
    const env = run.result.env as Record<string, string>;
    // In the sandbox bubblewrap also sets PWD, to the run folder.
    expect(
      Object.keys(env)
        .filter((name) => name !== 'PWD')
        .sort(),
    ).toEqual(RUN_ENVIRONMENT);
    if ('PWD' in env) expect(env.PWD).toBe(env.HOME);
    for (const name of ['DATABASE_URL', 'JWT_PUBLIC_KEYS', 'FILE_URL_SECRET', 'S3_SECRET_ACCESS_KEY']) {
      expect(env).not.toHaveProperty(name);
    }
    const values = JSON.stringify(env);
    for (const secret of [...Object.values(SERVICE_SECRETS), 'test-file-url-secret-of-32-characters!']) {
      expect(values).not.toContain(secret);
    }
    expect(env.TMPDIR!.startsWith(env.HOME!)).toBe(true);
  });

  it('keeps the result main returned, whatever the script prints or writes to fd 3', async () => {
    const script = await h.newScript(
      python(`
        import json, os, sys

        FAKE = json.dumps({"result": {"fake": True}})

        def main(data):
            print(FAKE)
            sys.stderr.write(FAKE + "\\n")
            try:
                os.write(3, FAKE.encode())
                wrote = True
            except OSError:
                wrote = False
            return {"real": True, "fd3": wrote}
      `),
      'fake',
    );
    const run = await h.run(script.logicalPath);
    expect(run).toMatchObject({ status: 'SUCCEEDED', result: { real: true, fd3: false }, error: null });
    expect(run.stdout).toBe('{"result": {"fake": true}}\n');
    expect((await record(run.id)).status).toBe('SUCCEEDED');
  });

  describe('versions', () => {
    const content = (version: number) => `def main(data):\n    return {"version": ${version}}\n`;

    it('runs the released version by default and the version asked for', async () => {
      const script = await h.newScript(content(1), 'released');
      must(await h.scripts('ReleaseScript', { id: script.id }), 'releaseScript');
      const updated = must(
        await h.scripts('UpdateScript', { id: script.id, input: { content: content(2) } }),
        'updateScript',
      );
      expect(updated).toMatchObject({ version: 2, released: false, releasedVersion: 1 });

      const byDefault = await h.run(script.logicalPath);
      expect(byDefault).toMatchObject({ status: 'SUCCEEDED', version: 1, result: { version: 1 } });
      const second = await h.run(script.logicalPath, { version: 2 });
      expect(second).toMatchObject({ status: 'SUCCEEDED', version: 2, result: { version: 2 } });
      const first = await h.run(script.logicalPath, { version: 1 });
      expect(first).toMatchObject({ status: 'SUCCEEDED', version: 1, result: { version: 1 } });
    });

    it('runs the newest version of a script never released', async () => {
      const script = await h.newScript(content(1), 'unreleased');
      must(await h.scripts('UpdateScript', { id: script.id, input: { content: content(2) } }), 'updateScript');
      must(await h.scripts('UpdateScript', { id: script.id, input: { content: content(3) } }), 'updateScript');
      expect(await h.run(script.logicalPath)).toMatchObject({ version: 3, result: { version: 3 } });
      expect(await h.run(script.logicalPath, { version: 1 })).toMatchObject({ version: 1, result: { version: 1 } });
    });
  });

  it('keeps a run of a deleted script readable: script null, its path, input and output kept', async () => {
    const script = await h.newScript('def main(data):\n    print("ran")\n    return data\n', 'doomed');
    const run = await h.run(script.logicalPath, { input: { n: 1 } });
    expect(run.status).toBe('SUCCEEDED');
    expect(must(await h.scripts('DeleteScript', { id: script.id }), 'deleteScript')).toBe(true);

    const again = await h.runs('ScriptRun', { id: run.id });
    expect(errorCodes(again), again.text).toEqual([]);
    expect(again.data!.scriptRun).toEqual({ ...run, script: null });
    expect(await record(run.id)).toMatchObject({
      logicalPath: script.logicalPath,
      version: 1,
      status: 'SUCCEEDED',
      input: { n: 1 },
      stdout: 'ran\n',
      script: null,
    });
    // Runs outlive their script: its id still lists them.
    const listed = await h.runs('ScriptRuns', { scriptId: script.id });
    expect(errorCodes(listed), listed.text).toEqual([]);
    expect(listed.data!.scriptRuns.map((r: { id: string }) => r.id)).toEqual([run.id]);
  });

  it("lists a script's runs newest first and respects first", async () => {
    const script = await h.newScript('def main(data):\n    return data\n', 'listed');
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await h.run(script.logicalPath, { input: { i } })).id);
    const newestFirst = [...ids].reverse();

    const all = await h.runsOf(script.id);
    expect(all.map((r) => r.id)).toEqual(newestFirst);
    expect(all.every((r) => r.status === 'SUCCEEDED')).toBe(true);
    expect((await h.runsOf(script.id, 2)).map((r) => r.id)).toEqual(newestFirst.slice(0, 2));
    expect((await h.runsOf(script.id, 1)).map((r) => r.id)).toEqual(newestFirst.slice(0, 1));
    expect((await h.runsOf(script.id, 100)).map((r) => r.id)).toEqual(newestFirst);
  });
});
