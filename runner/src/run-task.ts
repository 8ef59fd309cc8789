import type { Logger } from '@etl/kit';
import type { FileStore, OutputLimits, RunJobPayload } from '@etl/scripts';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Task } from 'graphile-worker';
import type { ActiveRuns } from './active-runs.js';
import type { ScriptRunner } from './execution/script-runner.js';
import { claimRun } from './run-claim.js';
import { handBackRun, writeRunEnd } from './run-end.js';
import { executeRun, interruptedByRunner } from './run-execution.js';

export interface RunTaskDependencies {
  orm: MikroORM;
  runner: ScriptRunner;
  store: FileStore;
  limits: OutputLimits;
  active: ActiveRuns;
  logger: Logger;
  /** True once the runner's grace period passed: runs it kills go back to the queue. */
  handingBack(): boolean;
}

/**
 * The queue's `run-script` task: claims the run its job names, carries it out, and writes its
 * end (or hands it back when this runner is going away). A job whose run is no longer queued
 * (cancelled, or ended by the reaper) just ends. It throws only when the database fails, and
 * graphile-worker then retries the job.
 */
export function runTask(deps: RunTaskDependencies): Task {
  return async (payload, helpers) => {
    const { runId } = payload as RunJobPayload;
    const em = deps.orm.em.fork();
    const run = await claimRun(em, runId, helpers.job.locked_by ?? 'unknown-worker');
    if (!run) return;
    const tracked = deps.active.track(run.id, run.attempt);
    try {
      const end = await executeRun(em, deps.runner, deps.store, deps.limits, run, tracked.signal, deps.logger);
      if (deps.handingBack() && interruptedByRunner(end)) {
        await handBackRun(em, run.id, run.attempt);
        deps.logger.info({ runId }, 'handed a run back to the queue: the runner is stopping');
      } else if (!(await writeRunEnd(em, run.id, run.attempt, end))) {
        deps.logger.warn({ runId }, 'a run ended here after it had been taken back as lost; its end is dropped');
      }
    } finally {
      tracked.end();
    }
  };
}
