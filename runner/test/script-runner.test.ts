import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunErrorCode } from '@etl/scripts';
import { LOGICAL_PATH, python, runScript, testRunner } from './runner-fixtures.js';

/**
 * What a run reports for what the script does: results, exceptions, bad results, exits, its output
 * as text, and the run folder with its in/ and out/ hooks. Real python3 processes throughout.
 */

const runner = testRunner();

describe('a script that returns', () => {
  it('returns what main made of the input', async () => {
    const source = python(`
      def main(data):
          return {"message": f"Hello, {data['name']}!", "processed_value": data['value'] * 2}
    `);
    const outcome = await runScript(runner, source, { name: 'World', value: 42 });
    expect(outcome).toMatchObject({
      status: 'SUCCEEDED',
      result: { message: 'Hello, World!', processed_value: 84 },
      error: null,
      exitCode: 0,
      signal: null,
    });
    expect(outcome.finishedAt.getTime() - outcome.startedAt.getTime()).toBe(outcome.durationMs);
  });

  it('echoes the input unchanged, unicode and nesting included', async () => {
    const input = { text: 'Grüße, 世界 🌍', list: [1, 2.5, null, true, { deep: ['x'] }], empty: {} };
    const outcome = await runScript(runner, 'def main(data):\n    return {"echo": data}\n', input);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.result).toEqual({ echo: input });
  });

  it('turns None into {}', async () => {
    const outcome = await runScript(runner, 'def main(data):\n    print("done")\n');
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', result: {}, stdout: 'done\n' });
  });

  it('does not run the `if __name__ == "__main__":` block', async () => {
    const source = python(`
      import sys
      def main(data):
          return {"name": __name__}
      if __name__ == "__main__":
          sys.exit(5)
    `);
    expect(await runScript(runner, source)).toMatchObject({ status: 'SUCCEEDED', result: { name: 'script' } });
  });
});

describe('a script that raises', () => {
  it('fails with the traceback’s last line, the traceback naming the logical path', async () => {
    const source = python(`
      def ratio(a, b):
          return a / b

      def main(data):
          return {"r": ratio(1, 0)}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: RunErrorCode.SCRIPT_ERROR, message: 'ZeroDivisionError: division by zero' },
      exitCode: 0,
    });
    expect(outcome.stderr).toContain(`File "${LOGICAL_PATH}", line 5, in main`);
    expect(outcome.stderr).toContain(`File "${LOGICAL_PATH}", line 2, in ratio`);
    expect(outcome.stderr).toContain('return a / b');
    expect(outcome.stderr).not.toContain('run_script.py');
  });

  it('fails the same way when the module’s top level raises', async () => {
    const outcome = await runScript(runner, 'import missing_module\ndef main(data):\n    return {}\n');
    expect(outcome.error).toEqual({
      code: RunErrorCode.SCRIPT_ERROR,
      message: "ModuleNotFoundError: No module named 'missing_module'",
    });
    expect(outcome.stderr).toContain(`File "${LOGICAL_PATH}", line 1, in <module>`);
  });
});

describe('a result that cannot be stored', () => {
  it.each([
    ['a list', 'return [1, 2]', 'main returned list, expected a dict or None'],
    ['a set inside', 'return {"s": {1, 2}}', 'the result is not JSON: Object of type set is not JSON serializable'],
    ['NaN', 'return {"x": float("nan")}', 'the result is not JSON: Out of range float values are not JSON compliant'],
    [
      'a lone surrogate',
      'return {"x": "\\ud800"}',
      'the result holds a string that is not valid Unicode (a lone surrogate)',
    ],
  ])('fails BAD_RESULT for %s', async (_, body, message) => {
    const outcome = await runScript(runner, `def main(data):\n    ${body}\n`);
    expect(outcome).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: RunErrorCode.BAD_RESULT, message },
    });
  });

  it.each([
    ['a value', 'return {"x": "a\\u0000b"}'],
    ['a key', 'return {"a\\u0000b": 1}'],
  ])('fails BAD_RESULT for NUL in %s (jsonb cannot hold it)', async (_, body) => {
    const outcome = await runScript(runner, `def main(data):\n    ${body}\n`);
    expect(outcome).toMatchObject({ status: 'FAILED', result: null, error: { code: RunErrorCode.BAD_RESULT } });
    expect(outcome.error!.message).toContain('NUL');
  });

  it('fails RESULT_TOO_LARGE above the result limit', async () => {
    const outcome = await runScript(
      testRunner({ resultBytes: 1000 }),
      'def main(data):\n    return {"x": "y" * 2000}\n',
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: { code: RunErrorCode.RESULT_TOO_LARGE } });
  });
});

describe('a script that exits', () => {
  it('ends with the code it gave sys.exit', async () => {
    const outcome = await runScript(runner, 'import sys\ndef main(data):\n    sys.exit(3)\n');
    expect(outcome).toMatchObject({
      status: 'FAILED',
      result: null,
      error: { code: RunErrorCode.EXITED },
      exitCode: 3,
      signal: null,
    });
  });

  it('fails EXITED with exit code 0 when it ends before main returns', async () => {
    const outcome = await runScript(runner, 'import os\ndef main(data):\n    print("bye")\n    os._exit(0)\n');
    expect(outcome).toMatchObject({
      status: 'FAILED',
      error: { code: RunErrorCode.EXITED, message: 'the script exited before main returned' },
      exitCode: 0,
    });
  });
});

describe('output', () => {
  it('keeps stdout and stderr apart, as UTF-8 text, a character split across writes included', async () => {
    const source = python(`
      import sys, time
      def main(data):
          print("to stdout ✓")
          euro = "€".encode()
          sys.stderr.buffer.write(euro[:1]); sys.stderr.flush(); time.sleep(0.1)
          sys.stderr.buffer.write(euro[1:] + b"\\n"); sys.stderr.flush()
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.stdout).toBe('to stdout ✓\n');
    expect(outcome.stderr).toBe('€\n');
  });

  it('replaces NUL and invalid UTF-8 with U+FFFD', async () => {
    const source = 'import sys\ndef main(data):\n    print("a\\0b")\n    sys.stdout.buffer.write(b"\\xff\\n")\n';
    const outcome = await runScript(runner, source);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.stdout).toBe('a\uFFFDb\n\uFFFD\n');
  });
});

describe('the run folder', () => {
  let workDir: string;
  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'etl-runner-test-'));
  });
  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('is the private working directory, removed after the run', async () => {
    const source = python(`
      import os
      def main(data):
          return {"cwd": os.getcwd(), "mode": os.stat(".").st_mode & 0o777, "dirs": sorted(os.listdir("."))}
    `);
    const outcome = await runScript(testRunner({ workDir }), source);
    const { cwd, mode, dirs } = outcome.result as { cwd: string; mode: number; dirs: string[] };
    expect(cwd.startsWith(`${workDir}/`)).toBe(true);
    expect(mode).toBe(0o700);
    expect(dirs).toEqual(['in', 'out', 'tmp']);
    expect(existsSync(cwd)).toBe(false);
  });

  it('hands in/ to placeInputs before the run and out/ to collectOutputs after it', async () => {
    const source = python(`
      def main(data):
          with open("in/rocks.txt") as given:
              text = given.read()
          with open("out/result.txt", "w") as made:
              made.write(text.upper())
          return {"read": text}
    `);
    let collected = '';
    const outcome = await runScript(
      testRunner({ workDir }),
      source,
      {},
      {
        placeInputs: (inDir) => writeFile(join(inDir, 'rocks.txt'), 'granite'),
        collectOutputs: async (outDir) => {
          collected = await readFile(join(outDir, 'result.txt'), 'utf8');
        },
      },
    );
    expect(outcome).toMatchObject({ status: 'SUCCEEDED', result: { read: 'granite' } });
    expect(collected).toBe('GRANITE');
    expect(await readdir(workDir)).toEqual([]);
  });

  it.each(['placeInputs', 'collectOutputs'] as const)('is removed when %s throws, which run rethrows', async (hook) => {
    const failure = new Error(`${hook} failed`);
    const run = runScript(
      testRunner({ workDir }),
      'def main(data):\n    return {}\n',
      {},
      {
        [hook]: () => Promise.reject(failure),
      },
    );
    await expect(run).rejects.toBe(failure);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('is removed when the interpreter cannot start, and the run rejects', async () => {
    const run = runScript(testRunner({ workDir, python: '/nonexistent/python3' }), 'def main(data):\n    pass\n');
    await expect(run).rejects.toThrow(/cannot start \/nonexistent\/python3/);
    expect(await readdir(workDir)).toEqual([]);
  });
});
