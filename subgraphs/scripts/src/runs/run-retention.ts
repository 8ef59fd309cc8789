import type { Logger } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { FileStore } from '../files/store/file-store.js';
import { deleteRunFiles } from './run-files.js';
import { ScriptRunStatus } from './script-run-status.js';
import { ScriptRun } from './script-run.entity.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RunRetentionOptions {
  /** Days a finished run is kept after it ended; 0 keeps runs for ever (no sweep runs). */
  retentionDays: number;
  /** Runs deleted per statement. */
  batchSize?: number;
  /** Time between sweeps. */
  intervalMs?: number;
}

export interface SweepResult {
  runs: number;
  files: number;
}

/**
 * Deletes finished runs older than SCRIPT_RUN_RETENTION_DAYS and the output files they stored
 * under `runs/<id>/`: once at start, then every hour, until the subgraph drains. Every instance
 * sweeps; two sweeping at once only delete the same rows twice (the second finds none).
 */
export class RunRetention {
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly store: FileStore,
    private readonly options: RunRetentionOptions,
    private readonly logger: Logger,
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.intervalMs = options.intervalMs ?? 60 * 60 * 1000;
  }

  /** Sweeps now and then every interval; nothing when runs are kept for ever. */
  start(): void {
    if (!this.options.retentionDays || this.timer || this.stopped) return;
    const tick = () => {
      if (this.sweeping || this.stopped) return;
      this.sweeping = this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'the sweep of old runs failed; next one retries'))
        .finally(() => {
          this.sweeping = null;
        });
    };
    tick();
    // The timer alone never keeps the process alive.
    this.timer = setInterval(tick, this.intervalMs).unref();
  }

  /** Stops the timer and waits for a sweep under way to finish its batch (called on drain, before the pool closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** One sweep: batches until no finished run older than the retention is left, or until stopped. */
  async sweep(now = new Date()): Promise<SweepResult> {
    const before = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const removed: SweepResult = { runs: 0, files: 0 };
    for (;;) {
      const batch = await this.deleteBatch(before);
      removed.runs += batch.runs;
      removed.files += batch.files;
      if (batch.found < this.batchSize || this.stopped) break;
    }
    if (removed.runs) {
      this.logger.info(
        { ...removed, retentionDays: this.options.retentionDays },
        'deleted finished runs older than the retention, with their output files',
      );
    }
    return removed;
  }

  /**
   * Files first, then rows: a sweep that fails between the two leaves old rows that the next
   * sweep finds again, never files that no run names any more.
   */
  private async deleteBatch(before: Date): Promise<SweepResult & { found: number }> {
    const em = this.orm.em.fork();
    const rows = await em
      .getConnection()
      .execute<Array<{ id: string }>>(
        `select "id" from "script_runs" where "finished_at" < ? and "status" not in (?, ?) order by "finished_at" limit ?`,
        [before, ScriptRunStatus.QUEUED, ScriptRunStatus.RUNNING, this.batchSize],
      );
    const ids = rows.map((row) => row.id);
    if (!ids.length) return { found: 0, runs: 0, files: 0 };
    let files = 0;
    for (const id of ids) files += await deleteRunFiles(this.store, id);
    const runs = await em.nativeDelete(ScriptRun, { id: { $in: ids } });
    return { found: ids.length, runs, files };
  }
}
