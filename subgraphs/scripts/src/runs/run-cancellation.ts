import type { EntityManager } from '@mikro-orm/postgresql';
import { ScriptRun } from './script-run.entity.js';

/**
 * The cancellation signals of the runs this instance carries out. `cancelScriptRun` may reach
 * any instance: it marks the row (`cancel_requested_at`) and aborts the run here when it is
 * here; every instance also looks at the rows of its own running runs every `pollMs`, so a run
 * elsewhere stops within about that delay.
 */
export class RunCancellations {
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly pollMs: number) {}

  /** The signal of a run this instance is about to carry out; `end` forgets it again. */
  track(runId: string): { signal: AbortSignal; end(): void } {
    const controller = new AbortController();
    this.controllers.set(runId, controller);
    return { signal: controller.signal, end: () => this.controllers.delete(runId) };
  }

  /** Aborts the run if this instance carries it out; false when it is not here. */
  abort(runId: string): boolean {
    const controller = this.controllers.get(runId);
    controller?.abort();
    return controller !== undefined;
  }

  /**
   * While a run runs here, asks its row every `pollMs` whether it was cancelled elsewhere. The
   * first look comes after one interval, so a short run costs no statement. Returns the stop.
   */
  watch(em: EntityManager, runId: string): () => void {
    let looking = false;
    const timer = setInterval(async () => {
      if (looking) return;
      looking = true;
      try {
        const cancelled = await em.count(ScriptRun, { id: runId, cancelRequestedAt: { $ne: null } });
        if (cancelled) this.abort(runId);
      } catch {
        // The next look tries again; the run goes on meanwhile.
      } finally {
        looking = false;
      }
    }, this.pollMs);
    timer.unref();
    return () => clearInterval(timer);
  }
}
