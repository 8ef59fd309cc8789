import type { EntityManager } from '@mikro-orm/postgresql';

interface ActiveRun {
  attempt: number;
  cancel: AbortController;
}

/**
 * The runs this runner carries out, and their heartbeat: every RUNNER_HEARTBEAT_MS one statement
 * stamps all their rows and returns those someone cancelled (`cancelScriptRun` marks the row),
 * which are aborted here. A stale heartbeat is how other runners know this one died.
 */
export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>();
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> | null = null;

  constructor(
    private readonly em: EntityManager,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.runs.size;
  }

  /** Tracks a run from its claim; the signal aborts when it is cancelled. `end` forgets it. */
  track(runId: string, attempt: number): { signal: AbortSignal; end(): void } {
    const cancel = new AbortController();
    this.runs.set(runId, { attempt, cancel });
    return { signal: cancel.signal, end: () => this.runs.delete(runId) };
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (!this.beating && this.runs.size) this.beating = this.beat().finally(() => (this.beating = null));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
  }

  private async beat(): Promise<void> {
    const ids = [...this.runs.keys()];
    try {
      const rows = await this.em.execute<Array<{ id: string; cancel_requested_at: Date | null }>>(
        `update script_runs set heartbeat_at = now()
          where id = any(cast(? as uuid[])) and status = 'RUNNING'
          returning id, cancel_requested_at`,
        [`{${ids.join(',')}}`],
      );
      for (const row of rows) if (row.cancel_requested_at) this.runs.get(row.id)?.cancel.abort();
    } catch (error) {
      // The next beat tries again; a run is reaped only after RUNNER_LOST_AFTER_SECONDS of them.
      this.onError(error);
    }
  }
}
