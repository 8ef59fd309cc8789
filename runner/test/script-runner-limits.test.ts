import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunErrorCode } from '@etl/scripts';
import { processGone, python, runScript, TEST_LIMITS, testRunner } from './runner-fixtures.js';

/**
 * The limits a run cannot pass: wall clock, CPU, memory, output, file size; the process group
 * killed when the run ends; and killAll for a stopping service. Real python3 processes.
 */

const HELLO = 'def main(data):\n    return {"hello": data.get("name", "world")}\n';

describe('the wall-clock limit', () => {
  it('ends a sleeping script TIMED_OUT within timeout + 2 s, keeping what it printed', async () => {
    const source = 'import time\ndef main(data):\n    print("before the sleep")\n    time.sleep(30)\n';
    const outcome = await runScript(testRunner({ timeoutMs: 1500 }), source);
    expect(outcome).toMatchObject({
      status: 'TIMED_OUT',
      result: null,
      error: { code: RunErrorCode.TIMEOUT },
      exitCode: null,
      signal: 'SIGKILL',
      stdout: 'before the sleep\n',
    });
    expect(outcome.durationMs).toBeLessThan(1500 + 2000);
  });
});

describe('the process group', () => {
  it('is killed when the interpreter exits, so a forked child that outlives it dies', async () => {
    const source = python(`
      import os, time
      def main(data):
          pid = os.fork()
          if pid == 0:
              time.sleep(60)
              os._exit(0)
          return {"child": pid}
    `);
    const outcome = await runScript(testRunner(), source);
    expect(outcome.status).toBe('SUCCEEDED');
    const child = (outcome.result as { child: number }).child;
    await expect.poll(() => processGone(child), { timeout: 3000, interval: 25 }).toBe(true);
  });

  it('does not hold the run open for a child that left the group (setsid) with the pipes', async () => {
    const source = python(`
      import os, time
      def main(data):
          pid = os.fork()
          if pid == 0:
              os.setsid()
              time.sleep(30)
              os._exit(0)
          return {"child": pid}
    `);
    const outcome = await runScript(testRunner(), source);
    const child = (outcome.result as { child: number }).child;
    // Out of the group it escapes the kill (only a PID namespace or cgroup would catch it): end it here.
    process.kill(child, 'SIGKILL');
    expect(outcome.status).toBe('SUCCEEDED');
    expect(outcome.durationMs).toBeLessThan(5000);
  });

  it('is killed on timeout, children included', async () => {
    const source = python(`
      import os, time
      def main(data):
          child = os.fork()
          if child == 0:
              time.sleep(60)
              os._exit(0)
          with open("out/child.pid", "w") as f:
              f.write(str(child))
          time.sleep(60)
    `);
    let childPid = 0;
    const runner = testRunner({ timeoutMs: 1500 });
    const outcome = await runScript(
      runner,
      source,
      {},
      {
        collectOutputs: async (outDir) => {
          childPid = Number(await readFile(join(outDir, 'child.pid'), 'utf8'));
        },
      },
    );
    expect(outcome.status).toBe('TIMED_OUT');
    expect(childPid).toBeGreaterThan(0);
    await expect.poll(() => processGone(childPid), { timeout: 3000, interval: 25 }).toBe(true);
  });
});

describe('the CPU limit', () => {
  it('ends a busy loop KILLED CPU_LIMIT by SIGXCPU', async () => {
    const outcome = await runScript(testRunner({ cpuSeconds: 1 }), 'def main(data):\n    while True:\n        pass\n');
    expect(outcome).toMatchObject({
      status: 'KILLED',
      error: { code: RunErrorCode.CPU_LIMIT },
      exitCode: null,
      signal: 'SIGXCPU',
    });
  });
});

describe('the memory limit', () => {
  const runner = testRunner();

  it.each([
    ['one huge allocation', 'def main(data):\n    x = bytearray(10**10)\n'],
    ['a list that grows in main', 'def main(data):\n    x = []\n    while True:\n        x.append(" " * 1000)\n'],
    ['a list that grows at the top level', 'x = []\nwhile True:\n    x.append(len(x))\ndef main(data):\n    pass\n'],
  ])('ends %s KILLED MEMORY_LIMIT, and the next run succeeds', async (_, source) => {
    const outcome = await runScript(runner, source);
    expect(outcome).toMatchObject({ status: 'KILLED', result: null, error: { code: RunErrorCode.MEMORY_LIMIT } });
    expect(outcome.error!.message).toBe('the script reached the memory limit of 256 MiB');
    expect(outcome.stderr).toContain('MemoryError');
    expect(await runScript(runner, HELLO, { name: 'again' })).toMatchObject({
      status: 'SUCCEEDED',
      result: { hello: 'again' },
    });
  });
});

describe('the output limit', () => {
  const marker = `\n[output truncated: the script wrote more than ${TEST_LIMITS.outputBytes} bytes]`;

  it.each(['stdout', 'stderr'] as const)(
    'ends a flood on %s KILLED OUTPUT_LIMIT, keeping the first bytes',
    async (stream) => {
      const source = `import sys\ndef main(data):\n    while True:\n        print("x" * 10000, file=sys.${stream})\n`;
      const outcome = await runScript(testRunner(), source);
      expect(outcome).toMatchObject({
        status: 'KILLED',
        error: { code: RunErrorCode.OUTPUT_LIMIT },
        signal: 'SIGKILL',
      });
      const text = outcome[stream];
      expect(text).toHaveLength(TEST_LIMITS.outputBytes + marker.length);
      expect(text.startsWith(`${'x'.repeat(10000)}\n`)).toBe(true);
      expect(text.endsWith(marker)).toBe(true);
    },
  );
});

describe('the file size limit', () => {
  it('makes a write past it fail the script', async () => {
    const source = python(`
      def main(data):
          with open("out/big.bin", "wb") as f:
              f.write(b"x" * (2 * 1024 * 1024))
          return {"wrote": True}
    `);
    const outcome = await runScript(testRunner(), source);
    expect(outcome.status).not.toBe('SUCCEEDED');
    expect(outcome.error).toEqual({ code: RunErrorCode.SCRIPT_ERROR, message: 'OSError: [Errno 27] File too large' });
  });
});

describe('killAll', () => {
  it('ends a running script KILLED INTERRUPTED', async () => {
    const runner = testRunner();
    let runFolder = '';
    const run = runScript(
      runner,
      'import time\ndef main(data):\n    open("out/started", "w").close()\n    time.sleep(30)\n',
      {},
      {
        placeInputs: async (inDir) => {
          runFolder = dirname(inDir);
        },
      },
    );
    await expect
      .poll(() => runFolder !== '' && existsSync(join(runFolder, 'out', 'started')), { timeout: 10_000, interval: 25 })
      .toBe(true);
    expect(runner.active).toBe(1);
    runner.killAll();
    expect(await run).toMatchObject({
      status: 'KILLED',
      error: { code: RunErrorCode.INTERRUPTED },
      exitCode: null,
      signal: 'SIGKILL',
    });
    expect(runner.active).toBe(0);
  });

  it('keeps a run whose inputs are still being placed from starting', async () => {
    const runner = testRunner();
    const outcome = await runScript(runner, HELLO, {}, { placeInputs: async () => runner.killAll() });
    expect(outcome).toMatchObject({ status: 'KILLED', error: { code: RunErrorCode.INTERRUPTED }, exitCode: null });
  });
});
