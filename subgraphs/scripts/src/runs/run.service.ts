import { NotFoundError, RateLimitedError, recordAudit, type AuditSource, type Caller } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FileStore } from '../files/store/file-store.js';
import { ScriptVersion } from '../scripts/script-version.entity.js';
import type { Script } from '../scripts/script.entity.js';
import type { ScriptService } from '../scripts/script.service.js';
import { checkRunFiles, checkRunInput, checkRunVersion } from './run-request.js';
import { runFileAccess } from './run-access.js';
import { RunCancellations, storedRun } from './run-cancellation.js';
import { deleteScriptRun } from './run-deletion.js';
import { enqueueRun } from './queue/run-queue.js';
import type { RunEndings } from './queue/run-endings.js';
import { ScriptRun } from './script-run.entity.js';
import { isFinal, ScriptRunStatus } from './script-run-status.js';

/** What `runScript` takes, as the API gives it. */
export interface RunScriptArgs {
  path: string;
  input?: unknown;
  files?: string[] | null;
  version?: number | null;
}

export interface RunServiceOptions {
  inputLimitBytes: number;
  /** How long `runScript` waits for the run's end before it answers the run as it is. */
  waitMs: number;
  /** Runs one user may have waiting in the queue; one more is RATE_LIMITED. */
  queueSize: number;
}

/** The Retry-After of a refusal for a full queue: runs are usually seconds long. */
const FULL_QUEUE_RETRY_SECONDS = 5;

/**
 * Starts runs and answers them. A run is stored QUEUED together with its job on the queue, in
 * one transaction; a runner (another process, `@etl/runner`) takes the job, runs the script in
 * its sandbox and writes the run's end. This service never runs a script.
 */
export class RunService {
  private readonly cancellations = new RunCancellations();

  constructor(
    private readonly scripts: ScriptService,
    private readonly store: FileStore,
    private readonly endings: RunEndings,
    private readonly options: RunServiceOptions,
  ) {}

  /**
   * `runScript`: starts a run and waits for its end, at most SCRIPT_RUN_WAIT_SECONDS; past that it
   * answers the run as it is then (RUNNING, or QUEUED), which goes on and can be polled.
   */
  async run(em: EntityManager, caller: Caller, args: RunScriptArgs, source: AuditSource): Promise<ScriptRun> {
    const run = await this.start(em, caller, args, source);
    await this.endings.waitFor(run.id, this.options.waitMs, async () => isFinal((await storedRun(em, run.id)).status));
    return storedRun(em, run.id, { withDetails: true });
  }

  /** `startScriptRun`: checks the request, stores the run QUEUED with its job, and answers it. */
  async start(em: EntityManager, caller: Caller, args: RunScriptArgs, source: AuditSource): Promise<ScriptRun> {
    const input = checkRunInput(args.input, this.options.inputLimitBytes);
    const files = checkRunFiles(args.files);
    // Placing a stored file in the run folder reads it: the caller must be allowed to.
    if (files.length) caller.require('files:read');
    // A run's output files are its starter's: another run may not copy them in and out again.
    for (const key of files) await runFileAccess.requireReadable(em, caller, key);
    const requested = checkRunVersion(args.version);
    const script = await this.scripts.byPath(em, args.path);
    const version = requested ?? script.releasedVersion ?? script.version;
    await this.requireVersion(em, script, version);
    await this.requireStoredFiles(files);
    const waiting = await em.count(ScriptRun, { startedById: caller.id, status: ScriptRunStatus.QUEUED });
    if (waiting >= this.options.queueSize) {
      throw new RateLimitedError(
        `Too many script runs waiting: you have ${waiting} queued; try again in ${FULL_QUEUE_RETRY_SECONDS} s`,
        FULL_QUEUE_RETRY_SECONDS,
      );
    }
    const run = new ScriptRun({
      scriptId: script.id,
      logicalPath: script.logicalPath,
      version,
      startedById: caller.id,
      status: ScriptRunStatus.QUEUED,
      input,
      inputFiles: files,
    });
    await em.transactional(async (tx) => {
      // A plain INSERT, not the unit of work: no change-set comparison of a megabyte of input.
      await tx.insert(run);
      await enqueueRun(tx, run.id, waiting);
      recordAudit(tx, source, {
        action: 'run.start',
        target: { type: 'ScriptRun', id: run.id },
        details: { scriptId: script.id, path: script.logicalPath, version, files },
      });
    });
    return run;
  }

  /** `cancelScriptRun`: see RunCancellations.cancel. */
  cancel(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<ScriptRun> {
    return this.cancellations.cancel(em, caller, id, source);
  }

  /** `deleteScriptRun`: see deleteScriptRun. */
  delete(em: EntityManager, caller: Caller, id: string, source: AuditSource): Promise<boolean> {
    return deleteScriptRun(em, this.store, caller, id, source);
  }

  /** A run names a version the script has; its source stays in the database for the runner. */
  private async requireVersion(em: EntityManager, script: Script, version: number): Promise<void> {
    if (version === script.version || version === script.releasedVersion) return;
    const found = await em.count(ScriptVersion, { scriptId: script.id, version });
    if (!found) throw new NotFoundError(`Script ${JSON.stringify(script.logicalPath)} has no version ${version}`);
  }

  private async requireStoredFiles(keys: string[]): Promise<void> {
    const found = await Promise.all(keys.map((key) => this.store.head(key)));
    const missing = keys.filter((_, index) => !found[index]);
    if (missing.length) throw new NotFoundError(`No stored file ${missing.map((k) => JSON.stringify(k)).join(', ')}`);
  }
}
