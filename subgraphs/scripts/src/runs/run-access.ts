import { ForbiddenError, isUuid, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ScriptRun } from './script-run.entity.js';

/** Where runs store their output files: `runs/<run id>/out/…`, nowhere else. */
export const RUN_FILES_PREFIX = 'runs/';

/**
 * A run's input, result, output and files are its starter's: besides the starter, only holders
 * of `scripts:admin` or `runs:read` read them. `scripts:read` alone reads scripts, not the runs
 * of other people (which may hold the data they ran on).
 */
export function readsEveryRun(caller: Caller): boolean {
  return caller.can('scripts:admin') || caller.can('runs:read');
}

export function mayReadRun(caller: Caller, run: { startedById: string }): boolean {
  return run.startedById === caller.id || readsEveryRun(caller);
}

/** Cancelling or deleting a run: its starter, or a holder of `scripts:admin`. */
export function mayChangeRun(caller: Caller, run: { startedById: string }): boolean {
  return run.startedById === caller.id || caller.can('scripts:admin');
}

export const runAccessErrors = {
  notReadable(): ForbiddenError {
    return new ForbiddenError("Only the run's starter or a holder of scripts:admin or runs:read may read it");
  },
  notChangeable(action: 'cancel' | 'delete'): ForbiddenError {
    return new ForbiddenError(`Only the run's starter or a holder of scripts:admin may ${action} it`);
  },
  filesNotReadable(): ForbiddenError {
    return new ForbiddenError(
      "A run's files are read by its starter or a holder of scripts:admin or runs:read (list them with the prefix runs/<run id>/)",
    );
  },
  filesNotDeletable(): ForbiddenError {
    return new ForbiddenError("A run's files go with the run: delete it with deleteScriptRun");
  },
};

/** The run a stored key belongs to (`runs/<id>/…`), null for a key outside any run's folder. */
function runIdOfKey(key: string): string | null {
  if (!key.startsWith(RUN_FILES_PREFIX)) return null;
  const id = key.slice(RUN_FILES_PREFIX.length).split('/', 2);
  return id.length === 2 && isUuid(id[0]!) ? id[0]! : null;
}

/** Whether the caller may read a key under `runs/`: only the files of a run it may read. */
async function mayReadRunKey(em: EntityManager, caller: Caller, key: string): Promise<boolean> {
  if (readsEveryRun(caller)) return true;
  const runId = runIdOfKey(key);
  if (!runId) return false;
  const run = await em.findOne(ScriptRun, runId, { fields: ['startedById'] });
  return !!run && run.startedById === caller.id;
}

/**
 * The rules of the file API for the run folders: stored files are `files:read` for everyone,
 * except those under `runs/`, which follow their run.
 */
export const runFileAccess = {
  /** `file(key)`, and a run's input files: a key under `runs/` must belong to a run the caller reads. */
  async requireReadable(em: EntityManager, caller: Caller, key: string): Promise<void> {
    if (key.startsWith(RUN_FILES_PREFIX) && !(await mayReadRunKey(em, caller, key))) {
      throw runAccessErrors.filesNotReadable();
    }
  },

  /**
   * `files(prefix)`: a prefix inside `runs/` names one run the caller reads (`runs/<id>/…`); a
   * prefix that covers all of `runs/` (none, `r`, `runs`) leaves the run folders out of the list,
   * unless the caller reads every run. Answers the prefix to leave out, if any.
   */
  async listing(em: EntityManager, caller: Caller, prefix: string): Promise<string | undefined> {
    if (readsEveryRun(caller)) return undefined;
    if (prefix.startsWith(RUN_FILES_PREFIX)) {
      if (!(await mayReadRunKey(em, caller, prefix))) throw runAccessErrors.filesNotReadable();
      return undefined;
    }
    return RUN_FILES_PREFIX.startsWith(prefix) ? RUN_FILES_PREFIX : undefined;
  },

  /** `deleteFile`: a run's files are deleted with their run, or by a holder of `scripts:admin`. */
  requireDeletable(caller: Caller, key: string): void {
    if (key.startsWith(RUN_FILES_PREFIX) && !caller.can('scripts:admin')) throw runAccessErrors.filesNotDeletable();
  },
};
