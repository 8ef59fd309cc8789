/** How a run ended; QUEUED and RUNNING are the states before. */
export type FinishedRunStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'KILLED' | 'CANCELLED';

/** Why a run did not succeed. */
export enum RunErrorCode {
  SCRIPT_ERROR = 'SCRIPT_ERROR',
  BAD_RESULT = 'BAD_RESULT',
  RESULT_TOO_LARGE = 'RESULT_TOO_LARGE',
  EXITED = 'EXITED',
  TIMEOUT = 'TIMEOUT',
  MEMORY_LIMIT = 'MEMORY_LIMIT',
  CPU_LIMIT = 'CPU_LIMIT',
  OUTPUT_LIMIT = 'OUTPUT_LIMIT',
  SIGNALLED = 'SIGNALLED',
  INPUT_FILES = 'INPUT_FILES',
  OUTPUT_FILES = 'OUTPUT_FILES',
  INTERRUPTED = 'INTERRUPTED',
  CANCELLED = 'CANCELLED',
}

/** What each code means: the one text, which the schema publishes as the enum's descriptions. */
export const RUN_ERROR_CODE_DESCRIPTIONS: Readonly<Record<RunErrorCode, string>> = {
  SCRIPT_ERROR: '`main`, or the module while loading, raised an exception.',
  BAD_RESULT: '`main` returned something other than a JSON-serialisable dict or None.',
  RESULT_TOO_LARGE: 'The result was larger than SCRIPT_RESULT_BYTES.',
  EXITED: 'The interpreter exited (`sys.exit`, `os._exit`) before `main` returned.',
  TIMEOUT: 'The wall-clock limit passed.',
  MEMORY_LIMIT: 'The memory cap (SCRIPT_MEMORY_MB) was reached.',
  CPU_LIMIT: 'The CPU-time cap was reached.',
  OUTPUT_LIMIT: 'The script wrote more than SCRIPT_OUTPUT_BYTES to stdout or stderr.',
  SIGNALLED: 'A signal the runner did not send ended the interpreter.',
  INPUT_FILES: 'A file given in `files` could not be placed in the run folder.',
  OUTPUT_FILES: 'Files left under `out/` could not be stored.',
  INTERRUPTED: 'The runner running it died (RUN_INTERRUPTED_POLICY=fail, or no starts left) or stopped.',
  CANCELLED: 'Someone cancelled the run (`cancelScriptRun`): its starter or an administrator.',
};

export interface RunError {
  code: RunErrorCode;
  /** For SCRIPT_ERROR, the traceback's last line (`ZeroDivisionError: division by zero`). */
  message: string;
}

/** What one run of the runner produced. */
export interface RunOutcome {
  status: FinishedRunStatus;
  /** The dict `main` returned (`{}` for None); null unless SUCCEEDED. */
  result: Record<string, unknown> | null;
  error: RunError | null;
  /** The interpreter's exit code; null when a signal ended it. */
  exitCode: number | null;
  /** The signal that ended it (`SIGKILL`), or null. */
  signal: string | null;
  /** Captured output, decoded as UTF-8 (invalid bytes replaced, NUL replaced), capped and marked when cut. */
  stdout: string;
  stderr: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
}

/** The error message of a cancelled run, queued or running. */
export const CANCELLED_MESSAGE = 'the run was cancelled';
