import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { killProcessGroup } from './process-group.js';
import { CappedBytes, CappedOutput } from './run-output.js';

/** Why the runner stopped a run itself (a limit it watches, or the service stopping). */
export type StopReason = 'timeout' | 'output' | 'interrupted' | 'cancelled';

/** How one interpreter process ended and what it wrote. */
export interface InterpreterEnd {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stoppedBy: StopReason | null;
  stdout: string;
  stderr: string;
  /** Everything written to the reply channel (fd 3); null when it was larger than allowed. */
  reply: Buffer | null;
  startedAt: Date;
  finishedAt: Date;
  /** The run's control group refused it memory (the kernel then killed one of its processes). */
  memoryExceeded?: boolean;
}

/** The program that starts a run: the interpreter itself, or bubblewrap (or a shell entering the run's control groups first) around it. */
export interface InterpreterCommand {
  file: string;
  args: string[];
  /** The run folder on the host: the working directory of `file`. */
  cwd: string;
  env: Record<string, string>;
  /** The unprivileged user the run gets when the runner is root (sandbox only). */
  uid?: number;
  gid?: number;
  /**
   * bubblewrap ends with 128 + n when the interpreter was killed by signal n; those exit codes
   * are read back as signals.
   */
  exitCodeCarriesSignal?: boolean;
}

export interface InterpreterSpec {
  command: InterpreterCommand;
  stdin: string;
  timeoutMs: number;
  outputBytes: number;
  replyBytes: number;
}

/**
 * After the interpreter exited its group is killed, which closes every pipe a leftover child
 * held. Only a child that left the group (setsid) keeps one open; it is not waited for longer.
 */
const LINGER_AFTER_EXIT_MS = 1000;

/** The whole environment of a run: fixed, nothing of the service's own (no secrets, no PATH). */
export function runEnvironment(cwd: string): Record<string, string> {
  // PYTHON* variables are left out: -I makes the interpreter ignore them.
  return { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: cwd, TMPDIR: join(cwd, 'tmp'), LANG: 'C.UTF-8' };
}

/**
 * Starts an interpreter the way every run starts: no shell, a process group of its own
 * (`detached`), the fixed environment, and fd 3 as a pipe for the reply.
 */
export function spawnInterpreter(python: string, args: string[], cwd: string): ChildProcess {
  return spawnCommand({ file: python, args, cwd, env: runEnvironment(cwd) });
}

function spawnCommand(command: InterpreterCommand): ChildProcess {
  return spawn(command.file, command.args, {
    cwd: command.cwd,
    env: command.env,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    ...(command.uid === undefined ? {} : { uid: command.uid, gid: command.gid }),
  });
}

/** The tail of a running interpreter's output, for clients following the run. */
export interface OutputProgress {
  stdout: string;
  stderr: string;
}

/** One running interpreter: its wall-clock and output limits, and `stop` for the rest. */
export class InterpreterProcess {
  /** Settles when the process ended and its pipes closed; rejects when it could not start. */
  readonly ended: Promise<InterpreterEnd>;
  private readonly child: ChildProcess;
  private stoppedBy: StopReason | null = null;
  private exited = false;
  private readonly stdout: CappedOutput;
  private readonly stderr: CappedOutput;

  constructor(spec: InterpreterSpec) {
    const startedAt = new Date();
    this.child = spawnCommand(spec.command);
    const stdout = (this.stdout = new CappedOutput(spec.outputBytes));
    const stderr = (this.stderr = new CappedOutput(spec.outputBytes));
    const reply = new CappedBytes(spec.replyBytes);
    const child = this.child;
    const replyStream = child.stdio[3] as Readable;

    this.ended = new Promise((resolve, reject) => {
      const timeout = setTimeout(() => this.stop('timeout'), spec.timeoutMs);
      let linger: NodeJS.Timeout | undefined;
      child.on('error', (error) => {
        clearTimeout(timeout);
        clearTimeout(linger);
        reject(new Error(`cannot start ${spec.command.file} to run a script: ${error.message}`));
      });
      child.stdout!.on('data', (chunk: Buffer) => stdout.write(chunk) || this.stop('output'));
      child.stderr!.on('data', (chunk: Buffer) => stderr.write(chunk) || this.stop('output'));
      replyStream.on('data', (chunk: Buffer) => reply.write(chunk));
      // A pipe failing mid-run loses output, not the service: the exit still settles the run.
      for (const stream of [child.stdout, child.stderr, replyStream]) stream?.on('error', () => undefined);
      child.on('exit', () => {
        this.exited = true;
        clearTimeout(timeout);
        // Whatever the script forked dies with it, even when it meant to outlive the run.
        if (child.pid) killProcessGroup(child.pid);
        linger = setTimeout(() => {
          for (const stream of [child.stdout, child.stderr, replyStream]) stream?.destroy();
        }, LINGER_AFTER_EXIT_MS);
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timeout);
        clearTimeout(linger);
        resolve({
          ...(spec.command.exitCodeCarriesSignal ? signalOfExitCode(exitCode, signal) : { exitCode, signal }),
          stoppedBy: this.stoppedBy,
          stdout: stdout.text(),
          stderr: stderr.text(),
          reply: reply.bytes(),
          startedAt,
          finishedAt: new Date(),
        });
      });
    });
    // The interpreter may end before reading all of its request (a limit too small to start).
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(spec.stdin, 'utf8');
  }

  /** Bytes of output so far (stdout and stderr), to tell whether the tail changed. */
  get outputSize(): number {
    return this.stdout.size + this.stderr.size;
  }

  /** The last `characters` of stdout and of stderr so far. */
  progress(characters: number): OutputProgress {
    return { stdout: this.stdout.tail(characters), stderr: this.stderr.tail(characters) };
  }

  /** Kills the run's process group; the first reason given is the one reported. */
  stop(reason: StopReason): void {
    if (this.stoppedBy) return;
    // Output still arriving from an interpreter that already exited went past the limit all the same.
    if (this.exited && reason !== 'output') return;
    this.stoppedBy = reason;
    if (!this.exited && this.child.pid) killProcessGroup(this.child.pid);
  }
}

/** `128 + n` from bubblewrap, read back as signal n (a script exiting 137 on purpose reads as SIGKILL). */
function signalOfExitCode(
  exitCode: number | null,
  signal: NodeJS.Signals | null,
): { exitCode: number | null; signal: NodeJS.Signals | null } {
  if (exitCode === null || exitCode <= 128) return { exitCode, signal };
  const name = Object.entries(osConstants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  return name ? { exitCode: null, signal: name as NodeJS.Signals } : { exitCode, signal };
}
