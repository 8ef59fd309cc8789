import { setTimeout as sleep } from 'node:timers/promises';
import { assertUuid, ConflictError, ForbiddenError, NotFoundError, type Caller, type Logger } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStore } from '../files/store/file-store.js';
import { ScriptVersion } from '../scripts/script-version.entity.js';
import type { Script } from '../scripts/script.entity.js';
import type { ScriptService } from '../scripts/script.service.js';
import { collectOutputFiles, placeInputFiles, type CollectedOutputs, type OutputLimits } from './run-files.js';
import { checkRunFiles, checkRunInput, checkRunVersion } from './run-request.js';
import { RunCancellations } from './run-cancellation.js';
import { RunProgressWriter } from './run-progress.js';
import { CANCELLED_MESSAGE } from './runner/outcome-of-interpreter.js';
import { RunErrorCode, type RunOutcome } from './runner/run-outcome.js';
import type { ConcurrencyGate } from '../concurrency/concurrency-gate.js';
import type { ScriptRunner } from './runner/script-runner.js';
import { ScriptRun } from './script-run.entity.js';
import { ScriptRunStatus } from './script-run-status.js';

/** What `runScript` takes, as the API gives it. */
export interface RunScriptArgs {
  path: string;
  input: unknown;
  files: string[] | null | undefined;
  version: number | null | undefined;
}

export interface RunServiceOptions extends OutputLimits {
  inputLimitBytes: number;
  /** How often a running run's row is asked whether it was cancelled on another instance. */
  cancelPollMs: number;
}

/** How long `cancelScriptRun` waits for the run's record to become final before it answers. */
const CANCEL_WAIT_MS = 5000;

/**
 * Runs scripts and keeps each run as a record. A run is stored before it starts (QUEUED when
 * it has to wait for a slot, RUNNING otherwise) and updated once when it ends: two statements
 * for a run that does not wait. Whatever the script does, the caller gets the stored run back.
 */
export class RunService {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly cancellations: RunCancellations;
  private stopping = false;

  constructor(
    private readonly scripts: ScriptService,
    private readonly runner: ScriptRunner,
    private readonly slots: ConcurrencyGate,
    private readonly store: FileStore,
    private readonly options: RunServiceOptions,
    private readonly logger: Logger,
  ) {
    this.cancellations = new RunCancellations(options.cancelPollMs);
  }

  async run(em: EntityManager, caller: Caller, args: RunScriptArgs): Promise<ScriptRun> {
    const input = checkRunInput(args.input, this.options.inputLimitBytes);
    const files = checkRunFiles(args.files);
    // Placing a stored file in the run folder reads it: the caller must be allowed to.
    if (files.length) caller.require('files:read');
    const requested = checkRunVersion(args.version);
    const script = await this.scripts.byPath(em, args.path);
    const version = requested ?? script.releasedVersion ?? script.version;
    const source = await this.sourceOf(em, script, version);
    await this.requireStoredFiles(files);

    let release = this.slots.tryAcquire();
    // Refused here (RATE_LIMITED), before anything is stored, when the queue is full.
    if (!release && this.slots.full) await this.slots.acquire();
    const turn = release ? null : this.slots.acquire();
    const run = new ScriptRun({
      scriptId: script.id,
      logicalPath: script.logicalPath,
      version,
      startedById: caller.id,
      status: release ? ScriptRunStatus.RUNNING : ScriptRunStatus.QUEUED,
      input,
      inputFiles: files,
    });
    if (release) run.startedAt = new Date();
    // Plain INSERT and UPDATE statements, not the unit of work: no transaction around a single
    // statement, and no change-set comparison of a megabyte of output.
    let cancelledWhileQueued = false;
    const work = (async () => {
      try {
        await em.insert(run);
        if (turn) {
          release = await turn;
          const startedAt = new Date();
          const running = { status: ScriptRunStatus.RUNNING, startedAt };
          // Cancelled while it waited: it ends as the cancellation left it, without running.
          if (!(await em.nativeUpdate(ScriptRun, { id: run.id, status: ScriptRunStatus.QUEUED }, running))) {
            cancelledWhileQueued = true;
            return;
          }
          Object.assign(run, running);
        }
        await this.execute(em, run, source, files);
      } finally {
        if (release) release();
        // A queued run that failed before its turn came (its row not stored) hands the turn on.
        else void turn?.then((late) => late());
      }
      await em.nativeUpdate(ScriptRun, { id: run.id }, finalFields(run));
    })();
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
    return cancelledWhileQueued ? this.stored(em, run.id) : run;
  }

  /**
   * Cancels a run: the starter's own, or any with `scripts:admin`. A queued run ends CANCELLED at
   * once and never runs; a running one is killed by the instance that runs it (at once here,
   * within SCRIPT_CANCEL_POLL_MS elsewhere). Answers the run once its record is final, or as it
   * is after a few seconds.
   */
  async cancel(em: EntityManager, caller: Caller, id: string): Promise<ScriptRun> {
    const run = await this.stored(em, assertUuid(id));
    if (run.startedById !== caller.id && !caller.can('scripts:admin')) {
      throw new ForbiddenError("Only the run's starter or a holder of scripts:admin may cancel it");
    }
    if (isFinal(run.status)) throw runAlreadyEnded(run.status);
    const now = new Date();
    const error = { code: RunErrorCode.CANCELLED, message: CANCELLED_MESSAGE };
    const queued = { id: run.id, status: ScriptRunStatus.QUEUED };
    const ended = { status: ScriptRunStatus.CANCELLED, cancelRequestedAt: now, finishedAt: now, durationMs: 0, error };
    if (await em.nativeUpdate(ScriptRun, queued, ended)) return this.stored(em, run.id);
    const running = { id: run.id, status: ScriptRunStatus.RUNNING };
    if (!(await em.nativeUpdate(ScriptRun, running, { cancelRequestedAt: now }))) {
      throw runAlreadyEnded((await this.stored(em, run.id)).status);
    }
    this.cancellations.abort(run.id);
    return this.finalOrCurrent(em, run.id);
  }

  /** Stops taking runs, kills those running, and waits until every run's record is final. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.runner.killAll();
    await Promise.allSettled([...this.inFlight]);
  }

  private async execute(em: EntityManager, run: ScriptRun, source: string, files: string[]): Promise<void> {
    if (this.stopping) {
      return finishUnrun(
        run,
        ScriptRunStatus.KILLED,
        RunErrorCode.INTERRUPTED,
        'the service stopped before the run started',
      );
    }
    let collected: CollectedOutputs = { files: [], problems: [] };
    let outcome: RunOutcome;
    const cancellation = this.cancellations.track(run.id);
    const stopWatching = this.cancellations.watch(em, run.id);
    const progress = new RunProgressWriter(em, run.id, (error) =>
      this.logger.warn({ err: error, runId: run.id }, 'the output tail of a running run could not be stored'),
    );
    try {
      outcome = await this.runner.run({
        source,
        filename: run.logicalPath,
        input: run.input,
        placeInputs: (inDir) => placeInputFiles(this.store, files, inDir),
        collectOutputs: async (outDir) => {
          collected = await collectOutputFiles(this.store, run.id, outDir, this.options);
        },
        onProgress: (tail) => progress.report(tail),
        signal: cancellation.signal,
      });
    } catch (error) {
      // The runner rejects only when the run could not be set up or its files not moved.
      this.logger.error({ err: error, runId: run.id }, 'run could not be carried out');
      const message =
        error instanceof NotFoundError ? error.message : 'an input file could not be placed in the run folder';
      await progress.settled();
      return finishUnrun(run, ScriptRunStatus.FAILED, RunErrorCode.INPUT_FILES, message);
    } finally {
      stopWatching();
      cancellation.end();
    }
    await progress.settled();
    applyOutcome(run, outcome, collected);
  }

  private async sourceOf(em: EntityManager, script: Script, version: number): Promise<string> {
    const stored = await em.findOne(ScriptVersion, { scriptId: script.id, version }, { fields: ['content'] });
    if (!stored) {
      throw new NotFoundError(`Script ${JSON.stringify(script.logicalPath)} has no version ${version}`);
    }
    return stored.content;
  }

  /** The run as stored now, read afresh (not from this request's identity map). */
  private async stored(em: EntityManager, id: string): Promise<ScriptRun> {
    const run = await em.fork().findOne(ScriptRun, { id });
    if (!run) throw NotFoundError.entity('ScriptRun', id);
    return run;
  }

  /** Waits (a little) for a cancelled run's record to become final, and answers it as it is then. */
  private async finalOrCurrent(em: EntityManager, id: string): Promise<ScriptRun> {
    const until = Date.now() + CANCEL_WAIT_MS;
    for (;;) {
      const run = await this.stored(em, id);
      if (isFinal(run.status) || Date.now() > until) return run;
      await sleep(50);
    }
  }

  private async requireStoredFiles(keys: string[]): Promise<void> {
    const found = await Promise.all(keys.map((key) => this.store.head(key)));
    const missing = keys.filter((_, index) => !found[index]);
    if (missing.length) throw new NotFoundError(`No stored file ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
  }
}

function runAlreadyEnded(status: ScriptRunStatus): ConflictError {
  return new ConflictError(`The run has already ended (${status}); only a queued or running run can be cancelled`);
}

function isFinal(status: ScriptRunStatus): boolean {
  return status !== ScriptRunStatus.QUEUED && status !== ScriptRunStatus.RUNNING;
}

/** Everything a run's end changes, for its one UPDATE. */
function finalFields(run: ScriptRun) {
  const { status, result, error, exitCode, stdout, stderr, startedAt, finishedAt, durationMs, outputFiles } = run;
  return { status, result, error, exitCode, stdout, stderr, startedAt, finishedAt, durationMs, outputFiles };
}

function applyOutcome(run: ScriptRun, outcome: RunOutcome, collected: CollectedOutputs): void {
  run.status = ScriptRunStatus[outcome.status];
  run.result = outcome.result;
  run.error = outcome.error;
  run.exitCode = outcome.exitCode;
  run.stdout = outcome.stdout;
  run.stderr = outcome.stderr;
  run.startedAt = outcome.startedAt;
  run.finishedAt = outcome.finishedAt;
  run.durationMs = outcome.durationMs;
  run.outputFiles = collected.files;
  if (!collected.problems.length) return;
  const problems = collected.problems.slice(0, 10).join('; ');
  if (run.status === ScriptRunStatus.SUCCEEDED) {
    run.status = ScriptRunStatus.FAILED;
    run.result = null;
    run.error = { code: RunErrorCode.OUTPUT_FILES, message: `Some files under out/ were not stored: ${problems}` };
  } else {
    run.stderr += `\n[runner] some files under out/ were not stored: ${problems}\n`;
  }
}

/** Ends a run whose script never ran to the end for a reason outside it. */
function finishUnrun(run: ScriptRun, status: ScriptRunStatus, code: RunErrorCode, message: string): void {
  const now = new Date();
  run.status = status;
  run.error = { code, message };
  run.finishedAt = now;
  run.durationMs = run.startedAt ? now.getTime() - run.startedAt.getTime() : 0;
}
