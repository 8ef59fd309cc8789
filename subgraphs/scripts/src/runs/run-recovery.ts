import type { EntityManager } from '@mikro-orm/postgresql';
import type { ScriptsConfig } from '../config.js';
import { RunErrorCode } from './runner/run-outcome.js';
import { ScriptRun } from './script-run.entity.js';
import { ScriptRunStatus } from './script-run-status.js';

/**
 * Runs left QUEUED or RUNNING by an instance that died (a crash, an OOM kill, a node lost) would
 * show as running for ever. A run older than any live run can be (every queued run ahead of it
 * plus its own time limit) is marked KILLED/INTERRUPTED; called when an instance starts.
 */
export async function failAbandonedRuns(em: EntityManager, olderThanMs: number): Promise<number> {
  const before = new Date(Date.now() - olderThanMs);
  return em.nativeUpdate(
    ScriptRun,
    { status: { $in: [ScriptRunStatus.QUEUED, ScriptRunStatus.RUNNING] }, createdAt: { $lt: before } },
    {
      status: ScriptRunStatus.KILLED,
      error: { code: RunErrorCode.INTERRUPTED, message: 'the service instance running it stopped' },
      finishedAt: new Date(),
    },
  );
}

/** The longest a live run can take from being stored to ending, with a minute to spare. */
export function longestLiveRunMs(
  config: Pick<ScriptsConfig, 'SCRIPT_TIMEOUT_SECONDS' | 'SCRIPT_CONCURRENCY' | 'SCRIPT_QUEUE_SIZE'>,
): number {
  const roundsAhead = Math.ceil(config.SCRIPT_QUEUE_SIZE / config.SCRIPT_CONCURRENCY) + 1;
  return (roundsAhead * config.SCRIPT_TIMEOUT_SECONDS + 60) * 1000;
}
