import { toStorableText } from '@etl/kit';
import type { InterpreterEnd } from './interpreter-process.js';
import { CANCELLED_MESSAGE, RunErrorCode, type FinishedRunStatus, type RunError, type RunOutcome } from '@etl/scripts';
import { resultProblem } from './result-check.js';

/** The limits a run had, for the messages that name them. */
export interface RunLimits {
  timeoutMs: number;
  memoryBytes: number;
  cpuSeconds: number;
  outputBytes: number;
}

type Verdict = Pick<RunOutcome, 'status' | 'result' | 'error'>;

/** What the bootstrap may report on its own; anything else on the channel is not believed. */
const BOOTSTRAP_ERRORS: Partial<Record<string, FinishedRunStatus>> = {
  [RunErrorCode.SCRIPT_ERROR]: 'FAILED',
  [RunErrorCode.BAD_RESULT]: 'FAILED',
  [RunErrorCode.RESULT_TOO_LARGE]: 'FAILED',
  [RunErrorCode.MEMORY_LIMIT]: 'KILLED',
};

/** Turns how the interpreter ended into the run's outcome. */
export function outcomeOf(end: InterpreterEnd, limits: RunLimits): RunOutcome {
  return {
    ...verdictOf(end, limits),
    exitCode: end.exitCode,
    signal: end.signal,
    stdout: end.stdout,
    stderr: end.stderr,
    startedAt: end.startedAt,
    finishedAt: end.finishedAt,
    durationMs: end.finishedAt.getTime() - end.startedAt.getTime(),
  };
}

function verdictOf(end: InterpreterEnd, limits: RunLimits): Verdict {
  // What the runner did itself comes first: a run it killed must not read as a crash.
  switch (end.stoppedBy) {
    case 'interrupted':
      return failed('KILLED', RunErrorCode.INTERRUPTED, 'the service stopped while the script was running');
    case 'cancelled':
      return failed('CANCELLED', RunErrorCode.CANCELLED, CANCELLED_MESSAGE);
    case 'timeout':
      return failed('TIMED_OUT', RunErrorCode.TIMEOUT, `the script ran longer than ${seconds(limits.timeoutMs)} s`);
    case 'output':
      return failed('KILLED', RunErrorCode.OUTPUT_LIMIT, `the script wrote more than ${limits.outputBytes} bytes`);
    case null:
      break;
  }
  // Memory is shared by all of a sandboxed run's processes; the kernel kills one when it runs out.
  if (end.memoryExceeded && (end.signal || end.exitCode !== 0)) return memoryLimit(limits);
  if (end.signal) return signalled(end, limits);
  if (end.exitCode !== 0) {
    if (endsWithMemoryError(end.stderr)) return memoryLimit(limits);
    return failed('FAILED', RunErrorCode.EXITED, `the interpreter exited with code ${end.exitCode}`);
  }
  if (end.reply === null) return failed('FAILED', RunErrorCode.RESULT_TOO_LARGE, 'the reply was too large');
  if (end.reply.length === 0) return failed('FAILED', RunErrorCode.EXITED, 'the script exited before main returned');
  return verdictOfReply(end.reply);
}

function verdictOfReply(bytes: Buffer): Verdict {
  let reply: { result?: unknown; error?: { code?: unknown; message?: unknown } };
  try {
    reply = JSON.parse(bytes.toString('utf8')) as typeof reply;
  } catch {
    return failed('FAILED', RunErrorCode.BAD_RESULT, 'the reply of the run could not be read');
  }
  if (reply.error) {
    const { code, message } = reply.error;
    const status = typeof code === 'string' ? BOOTSTRAP_ERRORS[code] : undefined;
    if (!status || typeof message !== 'string') {
      return failed('FAILED', RunErrorCode.BAD_RESULT, 'the reply of the run could not be read');
    }
    // An exception's message may hold anything; what cannot be stored as text becomes U+FFFD.
    return failed(status, code as RunErrorCode, toStorableText(message));
  }
  const problem = resultProblem(reply.result);
  if (problem) return failed('FAILED', RunErrorCode.BAD_RESULT, problem);
  return { status: 'SUCCEEDED', result: reply.result as Record<string, unknown>, error: null };
}

function signalled(end: InterpreterEnd, limits: RunLimits): Verdict {
  const cpuLimit = failed('KILLED', RunErrorCode.CPU_LIMIT, `the script used more than ${limits.cpuSeconds} s of CPU`);
  if (end.signal === 'SIGXCPU') return cpuLimit;
  // The hard CPU limit (soft + 1 s) sends SIGKILL; it cannot come sooner than the CPU time allowed.
  const elapsedMs = end.finishedAt.getTime() - end.startedAt.getTime();
  if (end.signal === 'SIGKILL' && elapsedMs >= limits.cpuSeconds * 1000) return cpuLimit;
  // An allocation failing where Python cannot raise MemoryError aborts it ("Fatal Python error").
  if (/MemoryError|Cannot allocate memory|out of memory/.test(end.stderr.slice(-2000))) return memoryLimit(limits);
  return failed('KILLED', RunErrorCode.SIGNALLED, `the interpreter was ended by ${end.signal}`);
}

function endsWithMemoryError(stderr: string): boolean {
  return /^MemoryError\b.*$/m.test(stderr.trimEnd().split('\n').at(-1) ?? '');
}

function memoryLimit(limits: RunLimits): Verdict {
  const mib = Math.floor(limits.memoryBytes / (1024 * 1024));
  return failed('KILLED', RunErrorCode.MEMORY_LIMIT, `the script reached the memory limit of ${mib} MiB`);
}

function failed(status: FinishedRunStatus, code: RunErrorCode, message: string): Verdict {
  const error: RunError = { code, message };
  return { status, result: null, error };
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
