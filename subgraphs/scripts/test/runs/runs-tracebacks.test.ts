import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MACHINE_PATHS, must, python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * A run's traceback is the script author's: it never shows a frame of the bootstrap
 * (run_script.py, its audit hook included) nor a path of the service, also when the run guard
 * refuses what the script asked for; what a script prints of its own stack names no path of the
 * server either. Real runs through the gateway, read back as stored.
 */

/** The scripts service's own folder (its sources and the bootstrap): a run never names it. */
const SERVICE_FOLDER = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');

const RUN_RECORD = `query RunRecord($id: ID!) {
  scriptRun(id: $id) { id status stderr error { code message } }
}`;

describe("a run's traceback", () => {
  const h = useRunsStack();
  const stored = async (id: string) =>
    must(await h.stack.request(RUN_RECORD, { token: h.admin, variables: { id } }), 'scriptRun');

  /** No path of the server: not the bootstrap's file, the service's folder nor the run folder. */
  function expectNoServerPath(text: string): void {
    expect(text).not.toContain('run_script.py');
    expect(text).not.toContain(SERVICE_FOLDER);
    expect(text).not.toMatch(MACHINE_PATHS);
  }

  /** What the run reports itself: no path of the server, and no frame of the bootstrap at all. */
  function expectOnlyTheScript(text: string): void {
    expectNoServerPath(text);
    expect(text).not.toContain('<run bootstrap>');
  }

  it('shows no frame of the bootstrap when the run guard refuses subprocess.Popen', async () => {
    const script = await h.newScript(
      python(`
        import subprocess

        def main(data):
            subprocess.Popen(["true"])
            return {}
      `),
      'popen',
    );
    const run = await stored((await h.run(script.logicalPath)).id);
    expect(run.status).toBe('FAILED');
    expect(run.error).toEqual({
      code: 'SCRIPT_ERROR',
      message: 'PermissionError: a script run may not start other programs (subprocess.Popen)',
    });
    const stderr = run.stderr as string;
    expect(stderr).toContain('Traceback (most recent call last):');
    expect(stderr).toContain(`File "${script.logicalPath}", line 4, in main`);
    expect(stderr.trimEnd().split('\n').at(-1)).toBe(run.error.message);
    expectOnlyTheScript(stderr);
    expectOnlyTheScript(run.error.message);
  });

  it('shows no frame of the bootstrap in a chained exception either', async () => {
    const script = await h.newScript(
      python(`
        import os

        def main(data):
            try:
                os.system("true")
            except PermissionError as refused:
                raise RuntimeError("could not run the tool") from refused
      `),
      'chained',
    );
    const run = await stored((await h.run(script.logicalPath)).id);
    expect(run.error).toEqual({ code: 'SCRIPT_ERROR', message: 'RuntimeError: could not run the tool' });
    const stderr = run.stderr as string;
    expect(stderr).toContain('PermissionError: a script run may not start other programs (os.system)');
    expect(stderr).toContain('The above exception was the direct cause of the following exception:');
    expect(stderr).toContain(`File "${script.logicalPath}", line 5, in main`);
    expect(stderr).toContain(`File "${script.logicalPath}", line 7, in main`);
    expectOnlyTheScript(stderr);
  });

  it('names no path of the server in the stack or a refusal a script prints itself', async () => {
    const script = await h.newScript(
      python(`
        import subprocess, traceback

        def main(data):
            try:
                subprocess.Popen(["true"])
            except PermissionError:
                traceback.print_exc()
            traceback.print_stack()
            return {}
      `),
      'prints',
    );
    const run = await stored((await h.run(script.logicalPath)).id);
    expect(run.status).toBe('SUCCEEDED');
    const stderr = run.stderr as string;
    expect(stderr).toContain('PermissionError: a script run may not start other programs (subprocess.Popen)');
    expect(stderr).toContain(`File "${script.logicalPath}", line 8, in main`);
    // The bootstrap's frames are there (the script printed them), under a name that is no path.
    expect(stderr).toContain('File "<run bootstrap>"');
    expectNoServerPath(stderr);
  });
});
