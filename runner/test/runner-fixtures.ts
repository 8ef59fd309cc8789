import { readFileSync } from 'node:fs';
import { ScriptRunner, type RunRequest, type ScriptRunnerOptions } from '../src/execution/script-runner.js';
import type { RunOutcome } from '@etl/scripts';

/** Limits small enough for tests to reach quickly, large enough for an ordinary script. */
export const TEST_LIMITS: ScriptRunnerOptions = {
  python: 'python3',
  timeoutMs: 15_000,
  memoryBytes: 256 * 1024 * 1024,
  cpuSeconds: 15,
  outputBytes: 64 * 1024,
  resultBytes: 64 * 1024,
  fileBytes: 1024 * 1024,
  sitePackages: false,
};

export function testRunner(overrides: Partial<ScriptRunnerOptions> = {}): ScriptRunner {
  return new ScriptRunner({ ...TEST_LIMITS, ...overrides });
}

/** Python source from an indented template literal (the first line's indent is removed from all). */
export function python(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = /^ */.exec(lines[0]!)![0].length;
  return lines.map((line) => line.slice(indent)).join('\n');
}

export const LOGICAL_PATH = 'geology/analysis.py';

export function runScript(
  runner: ScriptRunner,
  source: string,
  input: Record<string, unknown> = {},
  hooks: Pick<RunRequest, 'placeInputs' | 'collectOutputs'> = {},
): Promise<RunOutcome> {
  return runner.run({ source, filename: LOGICAL_PATH, input, ...hooks });
}

/** True once `pid` is gone (or a zombie no one reaped yet: it runs no code any more). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
    throw error;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}
