import { setTimeout as sleep } from 'node:timers/promises';
import { assertUuid, ConflictError, ForbiddenError, NotFoundError, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CANCELLED_MESSAGE } from './runner/outcome-of-interpreter.js';
import { RunErrorCode } from './runner/run-outcome.js';
import { ScriptRun } from './script-run.entity.js';
import { ScriptRunStatus } from './script-run-status.js';

/** How long `cancelScriptRun` waits for the run's record to become final before it answers. */
const CANCEL_WAIT_MS = 5000;

/**
 * The cancellation signals of the runs this instance carries out. `cancelScriptRun` may reach
 * any instance: it marks the row (`cancel_requested_at`) and aborts the run here when it is
 * here; every instance also looks at the rows of its own running runs every `pollMs`, so a run
 * elsewhere stops within about that delay.
 */
export class RunCancellations {
  private readonly controllers = new Map<string, AbortController>();

  constructor(private readonly pollMs: number) {}

  /**
   * Cancels a run: the starter's own, or any with `scripts:admin`. A queued run ends CANCELLED at
   * once and never runs; a running one is killed by the instance that runs it (at once here,
   * within the poll interval elsewhere). Answers the run once its record is final, or as it is
   * after a few seconds.
   */
  async cancel(em: EntityManager, caller: Caller, id: string): Promise<ScriptRun> {
    const run = await storedRun(em, assertUuid(id));
    if (run.startedById !== caller.id && !caller.can('scripts:admin')) {
      throw new ForbiddenError("Only the run's starter or a holder of scripts:admin may cancel it");
    }
    if (isFinal(run.status)) throw runAlreadyEnded(run.status);
    const now = new Date();
    const error = { code: RunErrorCode.CANCELLED, message: CANCELLED_MESSAGE };
    const queued = { id: run.id, status: ScriptRunStatus.QUEUED };
    const ended = { status: ScriptRunStatus.CANCELLED, cancelRequestedAt: now, finishedAt: now, durationMs: 0, error };
    if (await em.nativeUpdate(ScriptRun, queued, ended)) return storedRun(em, run.id);
    const running = { id: run.id, status: ScriptRunStatus.RUNNING };
    if (!(await em.nativeUpdate(ScriptRun, running, { cancelRequestedAt: now }))) {
      throw runAlreadyEnded((await storedRun(em, run.id)).status);
    }
    this.abort(run.id);
    return finalOrCurrent(em, run.id);
  }

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

/** The run as stored now, read afresh (not from a request's identity map). */
export async function storedRun(em: EntityManager, id: string): Promise<ScriptRun> {
  const run = await em.fork().findOne(ScriptRun, { id });
  if (!run) throw NotFoundError.entity('ScriptRun', id);
  return run;
}

/** Waits (a little) for a cancelled run's record to become final, and answers it as it is then. */
async function finalOrCurrent(em: EntityManager, id: string): Promise<ScriptRun> {
  const until = Date.now() + CANCEL_WAIT_MS;
  for (;;) {
    const run = await storedRun(em, id);
    if (isFinal(run.status) || Date.now() > until) return run;
    await sleep(50);
  }
}

function runAlreadyEnded(status: ScriptRunStatus): ConflictError {
  return new ConflictError(`The run has already ended (${status}); only a queued or running run can be cancelled`);
}

function isFinal(status: ScriptRunStatus): boolean {
  return status !== ScriptRunStatus.QUEUED && status !== ScriptRunStatus.RUNNING;
}
