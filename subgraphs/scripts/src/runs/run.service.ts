import { setTimeout as sleep } from 'node:timers/promises';
import { NotFoundError, type Caller, type Logger } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStore } from '../files/store/file-store.js';
import { ScriptVersion } from '../scripts/script-version.entity.js';
import type { Script } from '../scripts/script.entity.js';
import type { ScriptService } from '../scripts/script.service.js';
import { collectOutputFiles, placeInputFiles, type CollectedOutputs, type OutputLimits } from './run-files.js';
import { checkRunFiles, checkRunInput, checkRunVersion } from './run-request.js';
import { RunCancellations, storedRun } from './run-cancellation.js';
import { RunProgressWriter } from './run-progress.js';
import { RunErrorCode, type RunOutcome } from './runner/run-outcome.js';
import type { ConcurrencyGate } from '../concurrency/concurrency-gate.js';
import type { ScriptRunner } from './runner/script-runner.js';
import { ScriptRun } from './script-run.entity.js';
import { ScriptRunStatus } from './script-run-status.js';

/** What `runScript` takes, as the API gives it. */
export interface RunScriptArgs {
  path: string;
  input?: unknown;
  files?: string[] | null;
  version?: number | null;
}

/** A run just stored, and its end. */
export interface StartedRun {
  run: ScriptRun;
  ended: Promise<ScriptRun>;
}

export interface RunServiceOptions extends OutputLimits {
  inputLimitBytes: number;
  /** How long `runScript` waits for the run's end before it answers the run as it is. */
  waitMs: number;
  /** How often a running run's row is asked whether it was cancelled on another instance. */
  cancelPollMs: number;
}

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

  /**
   * `runScript`: starts a run and waits for its end, at most SCRIPT_RUN_WAIT_SECONDS; past that it
   * answers the run as it is then (RUNNING, or QUEUED), which goes on and can be polled.
   */
  async run(em: EntityManager, caller: Caller, args: RunScriptArgs): Promise<ScriptRun> {
    const { run, ended } = await this.start(em, caller, args);
    const waiting = new AbortController();
    const pastWait = sleep(this.options.waitMs, null, { signal: waiting.signal }).catch(() => null);
    try {
      return (await Promise.race([ended, pastWait])) ?? run;
    } finally {
      waiting.abort();
    }
  }

  /**
   * `startScriptRun`: stores a run (RUNNING when a slot is free, else QUEUED) and carries it out
   * in the background; answers once it is stored, with `ended` settling when its record is final.
   */
  async start(em: EntityManager, caller: Caller, args: RunScriptArgs): Promise<StartedRun> {
    const input = checkRunInput(args.input, this.options.inputLimitBytes);
    const files = checkRunFiles(args.files);
    // Placing a stored file in the run folder reads it: the caller must be allowed to.
    if (files.length) caller.require('files:read');
    const requested = checkRunVersion(args.version);
    const script = await this.scripts.byPath(em, args.path);
    const version = requested ?? script.releasedVersion ?? script.version;
    const source = await this.sourceOf(em, script, version);
    await this.requireStoredFiles(files);

    const release = this.slots.tryAcquire();
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
    try {
      // Plain INSERT and UPDATE statements, not the unit of work: no transaction around a single
      // statement, and no change-set comparison of a megabyte of output.
      await em.insert(run);
    } catch (error) {
      if (release) release();
      // A queued run whose row was not stored hands its turn on when it comes.
      else void turn?.then((late) => late());
      throw error;
    }
    const ended = this.carryOut(em, run, source, files, release, turn);
    // Nobody may wait for a started run: its failure is logged, never an unhandled rejection.
    ended.catch((error: unknown) => this.logger.error({ err: error, runId: run.id }, 'run record not finished'));
    return { run, ended };
  }

  /** Waits for its turn (a queued run), runs it and writes its end: one UPDATE. */
  private carryOut(
    em: EntityManager,
    run: ScriptRun,
    source: string,
    files: string[],
    slot: (() => void) | null,
    turn: Promise<() => void> | null,
  ): Promise<ScriptRun> {
    let release = slot;
    let cancelledWhileQueued = false;
    const work = (async () => {
      try {
        if (turn) {
          release = await turn;
          const running = { status: ScriptRunStatus.RUNNING, startedAt: new Date() };
          // Cancelled while it waited: it ends as the cancellation left it, without running.
          if (!(await em.nativeUpdate(ScriptRun, { id: run.id, status: ScriptRunStatus.QUEUED }, running))) {
            cancelledWhileQueued = true;
            return;
          }
          Object.assign(run, running);
        }
        await this.execute(em, run, source, files);
      } finally {
        release?.();
      }
      await em.nativeUpdate(ScriptRun, { id: run.id }, finalFields(run));
    })();
    this.inFlight.add(work);
    return work
      .finally(() => this.inFlight.delete(work))
      .then(() => (cancelledWhileQueued ? storedRun(em, run.id) : run));
  }

  /** `cancelScriptRun`: see RunCancellations.cancel. */
  cancel(em: EntityManager, caller: Caller, id: string): Promise<ScriptRun> {
    return this.cancellations.cancel(em, caller, id);
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

  private async requireStoredFiles(keys: string[]): Promise<void> {
    const found = await Promise.all(keys.map((key) => this.store.head(key)));
    const missing = keys.filter((_, index) => !found[index]);
    if (missing.length) throw new NotFoundError(`No stored file ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
  }
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
