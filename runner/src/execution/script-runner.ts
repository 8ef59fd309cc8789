import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  InterpreterProcess,
  runEnvironment,
  type InterpreterCommand,
  type InterpreterEnd,
  type OutputProgress,
} from './interpreter-process.js';
import { outcomeOf } from './outcome-of-interpreter.js';
import { makeRunFolder, removeRunFolder, type RunFolder } from './run-folder.js';
import { CANCELLED_MESSAGE, RunErrorCode, type FinishedRunStatus, type RunOutcome } from '@etl/scripts';
import { SANDBOX_RUN_FOLDER as SANDBOXED_RUN_FOLDER } from '../sandbox/bubblewrap-arguments.js';
import type { RunSandbox, SandboxedCommand } from '../sandbox/run-sandbox.js';

/** Shipped beside the package (src/execution/ and dist/execution/ are two levels down). */
export const BOOTSTRAP = fileURLToPath(new URL('../../python/run_script.py', import.meta.url));
/**
 * Starts the bootstrap from `-c`, compiled under a name of its own rather than run as a file: its
 * frames, which a script can print (traceback.print_stack, a refusal's traceback), then name no
 * path of the server. It takes the bootstrap's path off argv, leaving the limits at argv[1:5].
 */
const LOADER = 'import sys; exec(compile(open(sys.argv.pop(1), "rb").read(), "<run bootstrap>", "exec"))';

/** Room for the reply's own JSON around a result of the largest allowed size. */
const REPLY_OVERHEAD_BYTES = 64 * 1024;

export interface ScriptRunnerOptions {
  /** The interpreter, looked up on the run's fixed PATH (/usr/local/bin:/usr/bin:/bin) unless absolute. */
  python: string;
  timeoutMs: number;
  /** Address-space cap of the interpreter (RLIMIT_AS). */
  memoryBytes: number;
  /** CPU-time cap (RLIMIT_CPU); SIGKILL follows one second after SIGXCPU. */
  cpuSeconds: number;
  /** Bytes of stdout and of stderr kept; a run that writes more is killed. */
  outputBytes: number;
  /** The largest result, in bytes of JSON. */
  resultBytes: number;
  /** The largest file a run may write (RLIMIT_FSIZE). */
  fileBytes: number;
  /** How often a running run's output tail is reported (onProgress); 1 s by default. */
  progressIntervalMs?: number;
  /** Parent of the run folders; the system's temp folder by default. */
  workDir?: string;
  /** Lets scripts import site-packages (drops `-S`; costs start-up time). */
  sitePackages: boolean;
  /**
   * Folders a script may not open although its user id could: the file store, secrets' folders.
   * The run folders' parent is always added (a run sees its own folder, not the others').
   */
  protectedPaths?: string[];
  /**
   * The operating system's sandbox each run starts in (bubblewrap); null or absent, runs are
   * plain processes guarded by the bootstrap's audit hook alone (development without bubblewrap).
   */
  sandbox?: RunSandbox | null;
}

export interface RunRequest {
  source: string;
  /** The script's logical path: tracebacks name it (`File "geology/analysis.py", line 3`). */
  filename: string;
  input: Record<string, unknown>;
  /** Called with the run folder's `in/` (already created) before the interpreter starts. */
  placeInputs?: (inDir: string) => Promise<void>;
  /** Called with `out/` after the interpreter ended, before the folder is removed. */
  collectOutputs?: (outDir: string) => Promise<void>;
  /**
   * Called while the interpreter runs, at most every `progressIntervalMs`, with the tail of its
   * output when something new arrived (clients follow a run by reading it).
   */
  onProgress?: (progress: OutputProgress) => void;
  /** Cancels the run: a running interpreter is killed, one not started yet never starts. */
  signal?: AbortSignal;
}

/** How much of each stream a progress report carries. */
export const PROGRESS_TAIL_CHARACTERS = 16 * 1024;

/** A run in progress: `interpreter` is set while its process runs. */
interface ActiveRun {
  interrupted: boolean;
  interpreter: InterpreterProcess | null;
}

/**
 * Runs scripts, each in a process of its own: `python3 -I -S -B` with the bootstrap, in a fresh
 * 0700 run folder (its working directory and HOME, with `in/`, `out/` and `tmp/`), with a fixed
 * environment, resource limits set by the bootstrap before the script is compiled, and a process
 * group the runner kills when the run ends, times out or writes too much.
 */
export class ScriptRunner {
  private readonly runs = new Set<ActiveRun>();
  private readonly workDir: string;

  constructor(private readonly options: ScriptRunnerOptions) {
    this.workDir = options.workDir ?? tmpdir();
  }

  /** Runs in progress, from their folder's creation to its removal. */
  get active(): number {
    return this.runs.size;
  }

  /**
   * Runs one script to its end. Resolves with the outcome whatever the script did; rejects only
   * when the run could not be carried out (no interpreter, no run folder, a failing hook).
   */
  async run(request: RunRequest): Promise<RunOutcome> {
    const run: ActiveRun = { interrupted: false, interpreter: null };
    this.runs.add(run);
    try {
      const folder = await makeRunFolder(this.workDir);
      try {
        await request.placeInputs?.(folder.inDir);
        if (run.interrupted) return endedBeforeStart('KILLED', RunErrorCode.INTERRUPTED, INTERRUPTED_BEFORE_START);
        if (request.signal?.aborted) return endedBeforeStart('CANCELLED', RunErrorCode.CANCELLED, CANCELLED_MESSAGE);
        const sandboxed = await this.options.sandbox?.prepare(
          folder.path,
          this.flags(),
          this.limitArgs(),
          runEnvironment(SANDBOXED_RUN_FOLDER),
        );
        try {
          run.interpreter = new InterpreterProcess({
            command: sandboxed ? sandboxCommand(sandboxed, folder) : this.plainCommand(folder),
            stdin: JSON.stringify({
              source: request.source,
              filename: request.filename,
              input: request.input,
              protected: [this.workDir, ...(this.options.protectedPaths ?? [])],
            }),
            timeoutMs: this.options.timeoutMs,
            outputBytes: this.options.outputBytes,
            replyBytes: this.options.resultBytes + REPLY_OVERHEAD_BYTES,
          });
          const interpreter = run.interpreter;
          const cancel = () => interpreter.stop('cancelled');
          request.signal?.addEventListener('abort', cancel, { once: true });
          // Cancelled while the sandbox was being prepared: the abort event has come and gone.
          if (request.signal?.aborted) cancel();
          const end = await withProgress(interpreter, request.onProgress, this.options.progressIntervalMs).finally(() =>
            request.signal?.removeEventListener('abort', cancel),
          );
          // Every process of the run is gone before its outputs are read (none can swap a file then).
          const { memoryExceeded } = (await sandboxed?.finish()) ?? { memoryExceeded: false };
          await request.collectOutputs?.(folder.outDir);
          return outcomeOf({ ...end, memoryExceeded }, this.options);
        } finally {
          await sandboxed?.finish();
        }
      } finally {
        await removeRunFolder(folder.path);
      }
    } finally {
      this.runs.delete(run);
    }
  }

  /** Kills every run's process group (the service is stopping); those runs end KILLED, INTERRUPTED. */
  killAll(): void {
    for (const run of this.runs) {
      run.interrupted = true;
      run.interpreter?.stop('interrupted');
    }
  }

  private plainCommand(folder: RunFolder): InterpreterCommand {
    const args = [...this.flags(), BOOTSTRAP, ...this.limitArgs()];
    return { file: this.options.python, args, cwd: folder.path, env: runEnvironment(folder.path) };
  }

  /** The interpreter's flags and the loader; the bootstrap's path comes next. */
  private flags(): string[] {
    return [...(this.options.sitePackages ? ['-I', '-B'] : ['-I', '-S', '-B']), '-c', LOADER];
  }

  /** The bootstrap's arguments: the limits it sets before the script is compiled. */
  private limitArgs(): string[] {
    const { memoryBytes, cpuSeconds, fileBytes, resultBytes } = this.options;
    return [memoryBytes, cpuSeconds, fileBytes, resultBytes].map(String);
  }
}

/** Waits for the interpreter's end, reporting its output's tail meanwhile when asked to. */
async function withProgress(
  interpreter: InterpreterProcess,
  onProgress: RunRequest['onProgress'],
  intervalMs = 1000,
): Promise<InterpreterEnd> {
  if (!onProgress) return interpreter.ended;
  let reported = 0;
  const timer = setInterval(() => {
    if (interpreter.outputSize === reported) return;
    reported = interpreter.outputSize;
    onProgress(interpreter.progress(PROGRESS_TAIL_CHARACTERS));
  }, intervalMs);
  try {
    return await interpreter.ended;
  } finally {
    clearInterval(timer);
  }
}

function sandboxCommand(sandboxed: SandboxedCommand, folder: RunFolder): InterpreterCommand {
  const { file, args, uid, gid } = sandboxed;
  return { file, args, uid, gid, cwd: folder.path, env: runEnvironment(folder.path), exitCodeCarriesSignal: true };
}

const INTERRUPTED_BEFORE_START = 'the service stopped before the script started';

/** A run whose interpreter never started: the service stopped, or it was cancelled, while its inputs were placed. */
function endedBeforeStart(status: FinishedRunStatus, code: RunErrorCode, message: string): RunOutcome {
  const now = new Date();
  return {
    status,
    result: null,
    error: { code, message },
    exitCode: null,
    signal: null,
    stdout: '',
    stderr: '',
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
  };
}
