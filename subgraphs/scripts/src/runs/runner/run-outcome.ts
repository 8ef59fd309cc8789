/** How a run ended; QUEUED and RUNNING are the states before. */
export type FinishedRunStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'KILLED';

/** Why a run did not succeed. */
export enum RunErrorCode {
  /** `main` (or the module's top level) raised an exception. */
  SCRIPT_ERROR = 'SCRIPT_ERROR',
  /** `main` returned something that is not a JSON-serialisable dict (or None). */
  BAD_RESULT = 'BAD_RESULT',
  /** The result was larger than SCRIPT_RESULT_BYTES. */
  RESULT_TOO_LARGE = 'RESULT_TOO_LARGE',
  /** The interpreter exited (sys.exit, os._exit) before `main` returned. */
  EXITED = 'EXITED',
  /** The wall-clock limit passed. */
  TIMEOUT = 'TIMEOUT',
  /** The memory cap was reached. */
  MEMORY_LIMIT = 'MEMORY_LIMIT',
  /** The CPU-time cap was reached. */
  CPU_LIMIT = 'CPU_LIMIT',
  /** More stdout or stderr than SCRIPT_OUTPUT_BYTES. */
  OUTPUT_LIMIT = 'OUTPUT_LIMIT',
  /** Ended by a signal the runner did not send. */
  SIGNALLED = 'SIGNALLED',
  /** A file given in `files` could not be placed in the run folder. */
  INPUT_FILES = 'INPUT_FILES',
  /** Files left under `out/` could not be stored (too many, too large, bad names). */
  OUTPUT_FILES = 'OUTPUT_FILES',
  /** The service instance stopped (or was lost) while the run was queued or running. */
  INTERRUPTED = 'INTERRUPTED',
}

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
