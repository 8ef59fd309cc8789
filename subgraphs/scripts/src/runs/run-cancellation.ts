import { setTimeout as sleep } from 'node:timers/promises';
import { assertUuid, ConflictError, NotFoundError, recordAudit, type AuditSource, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { dequeueRun } from './queue/run-queue.js';
import { mayChangeRun, runAccessErrors } from './run-access.js';
import { CANCELLED_MESSAGE, RunErrorCode } from './run-outcome.js';
import { ScriptRun } from './script-run.entity.js';
import { isFinal, ScriptRunStatus } from './script-run-status.js';

/** How long `cancelScriptRun` waits for the run's record to become final before it answers. */
const CANCEL_WAIT_MS = 5000;

/**
 * Cancels runs wherever they are. A queued run ends CANCELLED at once and its job leaves the
 * queue, in one transaction. A running one is marked (`cancel_requested_at`); the runner that
 * runs it reads the mark with its heartbeat (every RUNNER_HEARTBEAT_MS) and kills it.
 */
export class RunCancellations {
  /**
   * The starter's own run, or any with `scripts:admin`. Answers the run once its record is
   * final, or as it is after a few seconds.
   */
  async cancel(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<ScriptRun> {
    const run = await storedRun(em, assertUuid(id));
    if (!mayChangeRun(caller, run)) throw runAccessErrors.notChangeable('cancel');
    if (isFinal(run.status)) throw runAlreadyEnded(run.status);
    const now = new Date();
    const error = { code: RunErrorCode.CANCELLED, message: CANCELLED_MESSAGE };
    const queued = { id: run.id, status: ScriptRunStatus.QUEUED };
    const audit = (tx: EntityManager, was: ScriptRunStatus) =>
      recordAudit(tx, source, {
        action: 'run.cancel',
        target: { type: 'ScriptRun', id: run.id },
        details: { path: run.logicalPath, status: was },
      });
    const ended = { status: ScriptRunStatus.CANCELLED, cancelRequestedAt: now, finishedAt: now, durationMs: 0, error };
    const dequeued = await em.transactional(async (tx) => {
      if (!(await tx.nativeUpdate(ScriptRun, queued, ended))) return false;
      await dequeueRun(tx, run.id);
      audit(tx, ScriptRunStatus.QUEUED);
      return true;
    });
    if (dequeued) return storedRun(em, run.id);
    const running = { id: run.id, status: ScriptRunStatus.RUNNING };
    const marked = await em.transactional(async (tx) => {
      if (!(await tx.nativeUpdate(ScriptRun, running, { cancelRequestedAt: now }))) return false;
      audit(tx, ScriptRunStatus.RUNNING);
      return true;
    });
    if (!marked) throw runAlreadyEnded((await storedRun(em, run.id)).status);
    return finalOrCurrent(em, run.id);
  }
}

/**
 * The run as stored now, read afresh (not from a request's identity map); with its large columns
 * (input, result, output) when asked, for an answer that shows them without another statement.
 */
export async function storedRun(em: EntityManager, id: string, options: { withDetails?: boolean } = {}) {
  const populate = options.withDetails ? (['input', 'result', 'stdout', 'stderr'] as const) : [];
  const run = await em.fork().findOne(ScriptRun, { id }, { populate: populate as never });
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
