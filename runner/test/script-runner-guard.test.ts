import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunErrorCode } from '@etl/scripts';
import type { ScriptRunner } from '../src/execution/script-runner.js';
import { python, runScript, testRunner } from './runner-fixtures.js';

/**
 * The bootstrap's audit hook: what a script's user id could reach but a run may not. Each case
 * is a real python3 process whose attempt must fail with PermissionError.
 */
describe('the run guard', () => {
  let secrets: string;
  let runner: ScriptRunner;

  beforeAll(async () => {
    secrets = await mkdtemp(join(tmpdir(), 'etl-guard-secrets-'));
    await writeFile(join(secrets, 'key.pem'), 'PRIVATE KEY');
    runner = testRunner({ protectedPaths: [secrets] });
  });
  afterAll(() => rm(secrets, { recursive: true, force: true }));

  const refused = async (body: string, message: RegExp) => {
    const outcome = await runScript(runner, python(`import os\ndef main(data):\n${body}`));
    expect(outcome.status).toBe('FAILED');
    expect(outcome.error).toEqual({ code: RunErrorCode.SCRIPT_ERROR, message: expect.stringMatching(message) });
  };

  it("refuses the service's /proc entries, its environment above all, also through a link", async () => {
    await refused('    return {"env": open("/proc/%d/environ" % os.getppid()).read()}', /^PermissionError: .*environ/);
    await refused('    return {"cmd": open("/proc/%d/cmdline" % os.getppid()).read()}', /^PermissionError/);
    await refused(
      '    os.symlink("/proc/%d/environ" % os.getppid(), "tmp/link")\n    return {"env": open("tmp/link").read()}',
      /^PermissionError/,
    );
    await refused(
      '    os.chdir("/proc/%d" % os.getppid())\n    return {"env": open("environ").read()}',
      /^PermissionError/,
    );
  });

  it('refuses protected folders and other runs’ folders, but not its own', async () => {
    await refused(`    return {"key": open(${JSON.stringify(join(secrets, 'key.pem'))}).read()}`, /^PermissionError/);
    await refused(
      '    return {"n": open(os.path.dirname(os.getcwd()) + "/other", "w").write("x")}',
      /^PermissionError/,
    );
    const own = python(`
      import os, tempfile
      def main(data):
          with open("out/result.txt", "w") as f:
              f.write("ok")
          handle, path = tempfile.mkstemp()
          os.close(handle)
          status = open("/proc/self/status").read()
          return {"text": open("out/result.txt").read(), "temp_in_run": path.startswith(os.getcwd()), "proc_self": "Pid:" in status}
    `);
    expect((await runScript(runner, own)).result).toEqual({ text: 'ok', temp_in_run: true, proc_self: true });
  });

  it('refuses starting other programs and loading native code', async () => {
    await refused('    return {"code": os.system("true")}', /^PermissionError: .*os\.system/);
    await refused(
      '    import subprocess\n    return {"code": subprocess.run(["true"]).returncode}',
      /subprocess\.Popen/,
    );
    await refused('    os.execv("/bin/true", ["true"])', /os\.exec/);
    await refused('    import ctypes\n    return {}', /ctypes/);
  });

  it('refuses signals to processes outside the run, allows its own', async () => {
    await refused('    os.kill(os.getppid(), 0)\n    return {}', /signal only its own/);
    await refused('    os.kill(-1, 0)\n    return {}', /signal only its own/);
    const own = python(`
      import os, signal
      def main(data):
          child = os.fork()
          if child == 0:
              signal.pause()
          os.kill(child, signal.SIGTERM)
          os.waitpid(child, 0)
          os.kill(os.getpid(), 0)
          return {"ok": True}
    `);
    expect((await runScript(runner, own)).result).toEqual({ ok: true });
  });
});
