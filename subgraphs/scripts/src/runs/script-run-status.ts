import { registerEnumType } from 'type-graphql';

/** Where a run is; the last five are final. */
export enum ScriptRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  TIMED_OUT = 'TIMED_OUT',
  KILLED = 'KILLED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ScriptRunStatus, {
  name: 'ScriptRunStatus',
  description: 'Where a run is: waiting, running, or how it ended.',
  valuesConfig: {
    QUEUED: { description: 'Waiting in the run queue for a runner to take it.' },
    RUNNING: { description: 'The interpreter is running.' },
    SUCCEEDED: { description: '`main` returned a dict (or None); `result` holds it.' },
    FAILED: { description: 'An exception, a bad return value or an early exit; `error` says which.' },
    TIMED_OUT: { description: 'The wall-clock limit (SCRIPT_TIMEOUT_SECONDS) passed; the process group was killed.' },
    KILLED: { description: 'Stopped for passing a memory, CPU or output cap, or by a signal; `error` says which.' },
    CANCELLED: { description: 'Cancelled (`cancelScriptRun`) while it waited or ran; a running one was killed.' },
  },
});

/** Whether a run has ended: every status but QUEUED and RUNNING. */
export function isFinal(status: ScriptRunStatus): boolean {
  return status !== ScriptRunStatus.QUEUED && status !== ScriptRunStatus.RUNNING;
}
