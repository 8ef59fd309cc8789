import { assertUuid, ConflictError, recordAudit, type AuditSource, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStore } from '../files/store/file-store.js';
import { mayChangeRun, runAccessErrors } from './run-access.js';
import { storedRun } from './run-cancellation.js';
import { deleteRunFiles } from './run-files.js';
import { ScriptRun } from './script-run.entity.js';
import { isFinal, ScriptRunStatus } from './script-run-status.js';

function runNotEnded(status: ScriptRunStatus): ConflictError {
  return new ConflictError(`The run is ${status}: cancel it first (cancelScriptRun), then delete it`);
}

/**
 * `deleteScriptRun`: the run's record and the output files it stored, by its starter or a
 * holder of `scripts:admin`. A queued or running run is refused (CONFLICT): its runner would
 * still write its end and its files; cancelling it first is one call away.
 */
export async function deleteScriptRun(
  em: EntityManager,
  store: FileStore,
  caller: Caller,
  id: string,
  source: AuditSource,
): Promise<boolean> {
  const run = await storedRun(em, assertUuid(id));
  if (!mayChangeRun(caller, run)) throw runAccessErrors.notChangeable('delete');
  if (!isFinal(run.status)) throw runNotEnded(run.status);
  // Files first, then the row, as the retention sweep does: a failure in between leaves a run
  // that can be deleted again, never files that no run names.
  await deleteRunFiles(store, run.id);
  // The row and its audit event in one transaction: a refusal records nothing.
  await em.transactional(async (tx) => {
    const deleted = await tx.nativeDelete(ScriptRun, {
      id: run.id,
      status: { $nin: [ScriptRunStatus.QUEUED, ScriptRunStatus.RUNNING] },
    });
    if (!deleted) throw runNotEnded((await storedRun(em, run.id)).status);
    recordAudit(tx, source, {
      action: 'run.delete',
      target: { type: 'ScriptRun', id: run.id },
      details: { path: run.logicalPath, status: run.status },
    });
  });
  return true;
}
