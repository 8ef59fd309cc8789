import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutputProgress } from './execution/interpreter-process.js';
import { ScriptRun, ScriptRunStatus } from '@etl/scripts';

/**
 * Writes a running run's output tail to its row, so that clients polling `scriptRun(id)` follow
 * it. One write at a time; a tail that arrives meanwhile replaces the one waiting, so a slow
 * database sees at most one pending write per run. Only a RUNNING row is written: a write that
 * comes late, after the run's final UPDATE, matches nothing and cannot undo it.
 */
export class RunProgressWriter {
  private writing: Promise<void> | null = null;
  private next: OutputProgress | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly runId: string,
    private readonly onError: (error: unknown) => void,
  ) {}

  report(progress: OutputProgress): void {
    this.next = progress;
    this.writing ??= this.writeAll();
  }

  /** Resolves once no write is pending (before the run's final UPDATE). */
  async settled(): Promise<void> {
    await this.writing;
  }

  private async writeAll(): Promise<void> {
    try {
      while (this.next) {
        const { stdout, stderr } = this.next;
        this.next = null;
        await this.em
          .nativeUpdate(ScriptRun, { id: this.runId, status: ScriptRunStatus.RUNNING }, { stdout, stderr })
          .catch(this.onError);
      }
    } finally {
      this.writing = null;
    }
  }
}
