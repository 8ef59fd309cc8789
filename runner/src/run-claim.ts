import type { EntityManager } from '@mikro-orm/postgresql';

/** A run this runner took from the queue: what it needs to carry it out. */
export interface ClaimedRun {
  id: string;
  /** Which start of the run this is; the run's later writes name it, so a reaped start writes nothing. */
  attempt: number;
  logicalPath: string;
  input: Record<string, unknown>;
  inputFiles: string[];
  source: string;
}

interface ClaimRow {
  attempts: number;
  logical_path: string;
  input: Record<string, unknown>;
  input_files: string[];
  content: string;
}

/**
 * Takes a QUEUED run for this runner: RUNNING, stamped with the queue worker's id and a
 * heartbeat, with the version's source in the same statement. Null when the run is no longer
 * queued (cancelled meanwhile, or failed by the reaper): its job then simply ends.
 */
export async function claimRun(em: EntityManager, runId: string, workerId: string): Promise<ClaimedRun | null> {
  const rows = await em.execute<ClaimRow[]>(
    `with claimed as (
       update script_runs
          set status = 'RUNNING', started_at = now(), runner_id = ?, heartbeat_at = now(),
              attempts = attempts + 1, updated_at = now()
        where id = ? and status = 'QUEUED'
        returning attempts, logical_path, input, input_files, script_id, version)
     select claimed.attempts, claimed.logical_path, claimed.input, claimed.input_files, versions.content
       from claimed join script_versions versions
         on versions.script_id = claimed.script_id and versions.version = claimed.version`,
    [workerId, runId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    id: runId,
    attempt: row.attempts,
    logicalPath: row.logical_path,
    input: row.input,
    inputFiles: row.input_files,
    source: row.content,
  };
}
