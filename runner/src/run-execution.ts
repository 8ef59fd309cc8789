import { NotFoundError, type Logger } from '@etl/kit';
import {
  collectOutputFiles,
  placeInputFiles,
  RunErrorCode,
  ScriptRunStatus,
  type CollectedOutputs,
  type FileStore,
  type OutputLimits,
  type RunOutcome,
} from '@etl/scripts';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ScriptRunner } from './execution/script-runner.js';
import type { ClaimedRun } from './run-claim.js';
import type { RunEnd } from './run-end.js';
import { RunProgressWriter } from './run-progress.js';

/**
 * Carries out a claimed run with the script runner (in its sandbox): places its input files,
 * reports its output tail while it runs, stores what it left under `out/` once every process of
 * it is gone, and answers the run's end. Whatever the script does, an end comes back.
 */
export async function executeRun(
  em: EntityManager,
  runner: ScriptRunner,
  store: FileStore,
  limits: OutputLimits,
  run: ClaimedRun,
  signal: AbortSignal,
  logger: Logger,
): Promise<RunEnd> {
  const startedAt = new Date();
  let collected: CollectedOutputs = { files: [], problems: [] };
  const progress = new RunProgressWriter(em, run.id, (error) =>
    logger.warn({ err: error, runId: run.id }, 'the output tail of a running run could not be stored'),
  );
  let outcome: RunOutcome;
  try {
    outcome = await runner.run({
      source: run.source,
      filename: run.logicalPath,
      input: run.input,
      placeInputs: (inDir) => placeInputFiles(store, run.inputFiles, inDir),
      collectOutputs: async (outDir) => {
        collected = await collectOutputFiles(store, run.id, outDir, limits);
      },
      onProgress: (tail) => progress.report(tail),
      signal,
    });
  } catch (error) {
    // The runner rejects only when the run could not be set up or its files not moved.
    logger.error({ err: error, runId: run.id }, 'run could not be carried out');
    const message =
      error instanceof NotFoundError ? error.message : 'an input file could not be placed in the run folder';
    await progress.settled();
    return unrunEnd(startedAt, RunErrorCode.INPUT_FILES, message);
  }
  await progress.settled();
  return endOf(outcome, collected);
}

/** The run's end from the runner's outcome and the outputs stored. */
function endOf(outcome: RunOutcome, collected: CollectedOutputs): RunEnd {
  const end: RunEnd = {
    status: ScriptRunStatus[outcome.status],
    result: outcome.result,
    error: outcome.error,
    exitCode: outcome.exitCode,
    stdout: outcome.stdout,
    stderr: outcome.stderr,
    startedAt: outcome.startedAt,
    finishedAt: outcome.finishedAt,
    durationMs: outcome.durationMs,
    outputFiles: collected.files,
  };
  if (!collected.problems.length) return end;
  const problems = collected.problems.slice(0, 10).join('; ');
  if (end.status !== ScriptRunStatus.SUCCEEDED) {
    return { ...end, stderr: `${end.stderr}\n[runner] some files under out/ were not stored: ${problems}\n` };
  }
  const error = { code: RunErrorCode.OUTPUT_FILES, message: `Some files under out/ were not stored: ${problems}` };
  return { ...end, status: ScriptRunStatus.FAILED, result: null, error };
}

/** The end of a run whose script never ran, for a reason outside it. */
function unrunEnd(startedAt: Date, code: RunErrorCode, message: string): RunEnd {
  const now = new Date();
  return {
    status: ScriptRunStatus.FAILED,
    result: null,
    error: { code, message },
    exitCode: null,
    stdout: '',
    stderr: '',
    startedAt,
    finishedAt: now,
    durationMs: now.getTime() - startedAt.getTime(),
    outputFiles: [],
  };
}

/** Whether an end is the runner's own stop (it killed the run to go away), not the script's doing. */
export function interruptedByRunner(end: RunEnd): boolean {
  return end.error?.code === RunErrorCode.INTERRUPTED;
}
