import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunErrorCode } from '@etl/scripts';
import { python, runScript, testRunner } from './runner-fixtures.js';

/**
 * What a script cannot reach: the service's environment, the runner's stdin, and the reply
 * channel (so printing or writing a forged reply changes nothing). Real python3 processes.
 */

const runner = testRunner();
/** The reply the bootstrap writes on success, forged byte for byte. */
const FORGED = '{"result":{"forged":1}}';

describe('the reply channel', () => {
  it('ignores forged replies printed to stdout and stderr or written to fd 3', async () => {
    const source = python(`
      import os, sys
      FORGED = ${JSON.stringify(FORGED)}
      def main(data):
          print(FORGED)
          print(FORGED, file=sys.stderr)
          try:
              os.write(3, FORGED.encode())
              fd3 = "written"
          except OSError as error:
              fd3 = os.strerror(error.errno)
          return {"real": 1, "fd3": fd3}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', result: { real: 1, fd3: 'Bad file descriptor' } });
    expect(outcome.stdout).toBe(`${FORGED}\n`);
    expect(outcome.stderr).toBe(`${FORGED}\n`);
  });

  it('is not inherited by a forked child', async () => {
    const source = python(`
      import os
      FORGED = ${JSON.stringify(FORGED)}
      def main(data):
          pid = os.fork()
          if pid == 0:
              for fd in range(3, 10):
                  try:
                      os.write(fd, FORGED.encode())
                  except OSError:
                      pass
              os._exit(0)
          os.waitpid(pid, 0)
          return {"real": 1}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', result: { real: 1 } });
  });

  it('gives no result to a script that forges one and exits before main returns', async () => {
    const source = python(`
      import os, sys
      FORGED = ${JSON.stringify(FORGED)}
      def main(data):
          print(FORGED, flush=True)
          try:
              os.write(3, FORGED.encode())
          except OSError:
              pass
          os._exit(0)
    `);
    const outcome = await runScript(runner, source);
    expect(outcome).toMatchObject({ status: 'FAILED', result: null, error: { code: RunErrorCode.EXITED } });
  });
});

describe('the environment', () => {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.RUNNER_TEST_SECRET = 'x-secret-value';
    process.env.DATABASE_URL = 'postgres://user:password@db/etl';
  });
  afterAll(() => {
    delete process.env.RUNNER_TEST_SECRET;
    if (saved.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved.DATABASE_URL;
  });

  it('holds only the fixed variables, nothing of the service', async () => {
    const source = 'import os\ndef main(data):\n    return {"env": dict(os.environ), "cwd": os.getcwd()}\n';
    const outcome = await runScript(runner, source);
    const { env, cwd } = outcome.result as { env: Record<string, string>; cwd: string };
    expect(['HOME', 'LANG', 'PATH', 'TMPDIR']).toEqual(expect.arrayContaining(Object.keys(env)));
    expect(env).toEqual({ PATH: '/usr/local/bin:/usr/bin:/bin', HOME: cwd, TMPDIR: `${cwd}/tmp`, LANG: 'C.UTF-8' });
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });

  it('is the same for forked children', async () => {
    const source = python(`
      import json, os
      def main(data):
          pid = os.fork()
          if pid == 0:
              with open("tmp/env.json", "w") as f:
                  json.dump(sorted(os.environ), f)
              os._exit(0)
          os.waitpid(pid, 0)
          with open("tmp/env.json") as f:
              return {"names": json.load(f)}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.result).toEqual({ names: ['HOME', 'LANG', 'PATH', 'TMPDIR'] });
  });

  it('gives the script an empty stdin and no way into the bootstrap’s directory', async () => {
    const source = python(`
      import sys
      def main(data):
          return {"stdin": sys.stdin.read(), "argv": sys.argv, "path_has_cwd": "" in sys.path or "." in sys.path}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.result).toEqual({ stdin: '', argv: ['geology/analysis.py'], path_has_cwd: false });
  });
});

describe('site packages', () => {
  it('are not importable unless enabled', async () => {
    const source = 'import sys\ndef main(data):\n    return {"site": "site" in sys.modules}\n';
    expect((await runScript(runner, source)).result).toEqual({ site: false });
    expect((await runScript(testRunner({ sitePackages: true }), source)).result).toEqual({ site: true });
  });
});
