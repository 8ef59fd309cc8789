import type { Logger } from '@etl/kit';
import { requeueRun, RUN_QUEUE_SCHEMA, RunErrorCode, ScriptRun, ScriptRunStatus } from '@etl/scripts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { notifyRunEnded } from './run-end.js';

export interface ReaperOptions {
  /** A RUNNING run whose heartbeat is older than this lost its runner. */
  lostAfterMs: number;
  /** `retry` queues such a run again while it has starts left; `fail` ends it KILLED, INTERRUPTED. */
  policy: 'retry' | 'fail';
  maxAttempts: number;
}

interface LostRun {
  id: string;
  runner_id: string | null;
  attempts: number;
}

/**
 * Finds runs whose runner died (SIGKILL, an OOM kill, a node gone) and ends or retries them, so
 * that no run stays RUNNING. graphile-worker's own answer to a dead worker is to unlock its jobs
 * after four hours; runs need minutes at most, so each runner stamps its runs' rows (ActiveRuns)
 * and every runner looks here for stale stamps. The dead worker's jobs are then unlocked at once
 * (`force_unlock_workers`): the job runs again, and its claim takes the run only if it is QUEUED.
 */
export class LostRunReaper {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly options: ReaperOptions,
    private readonly logger: Logger,
  ) {}

  /** Sweeps now and then every quarter of the heartbeat timeout. */
  start(): void {
    const tick = () => {
      this.sweeping ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'the sweep for lost runs failed; next one retries'))
        .finally(() => (this.sweeping = null));
    };
    tick();
    this.timer = setInterval(tick, Math.max(250, this.options.lostAfterMs / 4));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** One sweep; answers how many runs it took back or ended. */
  async sweep(): Promise<number> {
    const seconds = this.options.lostAfterMs / 1000;
    const lost = await this.em.execute<LostRun[]>(
      `select id, runner_id, attempts from script_runs
        where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)`,
      [seconds],
    );
    let reaped = 0;
    for (const run of lost) if (await this.reap(run)) reaped += 1;
    // A runner that died between taking a job and claiming its run leaves the run QUEUED and the
    // job locked: unlock such jobs too.
    const stranded = await this.em.execute<Array<{ locked_by: string }>>(
      `select distinct jobs.locked_by from ${RUN_QUEUE_SCHEMA}.jobs jobs
         join script_runs runs on runs.id::text = jobs.key
        where jobs.locked_at < now() - make_interval(secs => ?) and runs.status = 'QUEUED'`,
      [seconds],
    );
    await this.unlock(stranded.map((job) => job.locked_by));
    return reaped;
  }

  private async reap(run: LostRun): Promise<boolean> {
    const retry = this.options.policy === 'retry' && run.attempts < this.options.maxAttempts;
    const where = { id: run.id, status: ScriptRunStatus.RUNNING, attempts: run.attempts };
    const now = new Date();
    const reaped = await this.em.transactional(async (tx) => {
      const changes = retry
        ? { status: ScriptRunStatus.QUEUED, startedAt: null, runnerId: null, heartbeatAt: null, stdout: '', stderr: '' }
        : {
            status: ScriptRunStatus.KILLED,
            error: { code: RunErrorCode.INTERRUPTED, message: 'the runner running it stopped' },
            finishedAt: now,
            runnerId: null,
            heartbeatAt: null,
          };
      const updated = await tx.nativeUpdate(ScriptRun, where, changes);
      if (updated && !retry) await notifyRunEnded(tx, run.id);
      // A retried run gets a new job in the same transaction, whatever became of the old one:
      // unlocking a dead worker frees all its jobs at once, so another runner may already have
      // taken this run's old job, found the run still RUNNING and ended the job; or the dead
      // worker still holds it, and requeueRun deletes it rather than leave a failed job behind.
      if (updated && retry) await requeueRun(tx, run.id);
      return updated > 0;
    });
    if (!reaped) return false;
    this.logger.warn({ runId: run.id, attempts: run.attempts, retry }, 'a run lost its runner');
    await this.unlock(run.runner_id ? [run.runner_id] : []);
    return true;
  }

  private async unlock(workerIds: string[]): Promise<void> {
    if (!workerIds.length) return;
    await this.em.execute(`select ${RUN_QUEUE_SCHEMA}.force_unlock_workers(cast(? as text[]))`, [
      `{${workerIds.map((id) => `"${id.replaceAll('"', '')}"`).join(',')}}`,
    ]);
  }
}
