import { beforeAll, describe, expect, it } from 'vitest';
import type { ScriptRunner } from '../src/execution/script-runner.js';
import type { RunSandbox } from '../src/sandbox/run-sandbox.js';
import { RunErrorCode } from '@etl/scripts';
import { python, runScript, testRunner, TEST_LIMITS } from './runner-fixtures.js';
import { TEST_SANDBOX, testSandbox } from './sandbox-fixtures.js';

/**
 * Limits of a whole run, children included: a run that forks cannot multiply its memory or its
 * processes. Each run has a control group where the runner may make one (root, cgroup v1);
 * elsewhere RLIMIT_NPROC still counts the run's own processes (its user namespace's).
 */

let sandbox: RunSandbox;
let runner: ScriptRunner;

beforeAll(async () => {
  sandbox = await testSandbox();
  // The per-process cap is above what the run as a whole may hold.
  runner = testRunner({ sandbox, memoryBytes: TEST_LIMITS.memoryBytes });
});

describe('the limits of a sandboxed run', () => {
  it('counts processes for the whole run: a fork bomb stops at the limit', async () => {
    const source = python(`
      import os, time
      def main(data):
          children = []
          refused = None
          for _ in range(200):
              try:
                  pid = os.fork()
              except OSError as error:
                  refused = error.errno
                  break
              if pid == 0:
                  time.sleep(30)
                  os._exit(0)
              children.append(pid)
          return {"children": len(children), "refused": refused}
    `);
    const outcome = await runScript(runner, source);
    expect(outcome.status, outcome.stderr).toBe('SUCCEEDED');
    // EAGAIN (11): the sandbox's init, the interpreter and its children fill the allowance.
    expect(outcome.result!.refused).toBe(11);
    expect(outcome.result!.children).toBeLessThan(TEST_SANDBOX.maxProcesses);
    expect(outcome.result!.children).toBeGreaterThan(TEST_SANDBOX.maxProcesses - 4);
  });

  it('caps the memory of all processes together: forks cannot multiply it', async (context) => {
    if (!sandbox.usesCgroups) {
      // Named, not silent: the README lists whole-run memory limits as needing cgroup v1 as root.
      context.skip('whole-run memory needs control groups (root, cgroup v1): not available here');
    }
    const source = python(`
      import os
      def main(data):
          children = []
          for _ in range(3):
              pid = os.fork()
              if pid == 0:
                  block = bytearray(60 * 1024 * 1024)
                  for i in range(0, len(block), 4096):
                      block[i] = 1
                  import time
                  time.sleep(1)
                  os._exit(0)
              children.append(pid)
          return {"statuses": [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]}
    `);
    const outcome = await runScript(runner, source);
    // 3 × 60 MiB in a run allowed 160 MiB: the kernel kills at least one process of the run.
    if (outcome.status === 'SUCCEEDED') {
      expect((outcome.result!.statuses as number[]).filter((status) => status !== 0).length).toBeGreaterThan(0);
    } else {
      expect(outcome).toMatchObject({ status: 'KILLED', error: { code: RunErrorCode.MEMORY_LIMIT } });
    }
  });
});
