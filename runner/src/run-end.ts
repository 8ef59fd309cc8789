import {
  enqueueRun,
  RUN_ENDED_CHANNEL,
  ScriptRun,
  ScriptRunStatus,
  type RunError,
  type StoredFile,
} from '@etl/scripts';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Everything a run's end writes, in its one UPDATE. */
export interface RunEnd {
  status: ScriptRunStatus;
  result: Record<string, unknown> | null;
  error: RunError | null;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  startedAt: Date;
  finishedAt: Date;
  durationMs: number;
  outputFiles: StoredFile[];
}

/**
 * Writes a run's end and announces it (`runScript` callers LISTEN), in one transaction. Only
 * this start of the run is written: a run the reaper took back and started elsewhere is not.
 * False when nothing was written (the run was reaped meanwhile).
 */
export async function writeRunEnd(em: EntityManager, runId: string, attempt: number, end: RunEnd): Promise<boolean> {
  return em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      ScriptRun,
      { id: runId, status: ScriptRunStatus.RUNNING, attempts: attempt },
      { ...end, runnerId: null, heartbeatAt: null },
    );
    if (updated) await notifyRunEnded(tx, runId);
    return updated > 0;
  });
}

export async function notifyRunEnded(em: EntityManager, runId: string): Promise<void> {
  await em.execute('select pg_notify(?, ?)', [RUN_ENDED_CHANNEL, runId]);
}

/**
 * Gives a run back to the queue (this runner is stopping and its grace period passed): QUEUED
 * again, its output so far dropped, this start not counted, and a new job for it (the current
 * job is still locked by this runner, so graphile-worker makes a new one under the same key).
 */
export async function handBackRun(em: EntityManager, runId: string, attempt: number): Promise<void> {
  await em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(
      ScriptRun,
      { id: runId, status: ScriptRunStatus.RUNNING, attempts: attempt },
      {
        status: ScriptRunStatus.QUEUED,
        startedAt: null,
        runnerId: null,
        heartbeatAt: null,
        stdout: '',
        stderr: '',
        attempts: attempt - 1,
      },
    );
    // Priority 0: it was taken before any run now waiting.
    if (updated) await enqueueRun(tx, runId, 0);
  });
}
