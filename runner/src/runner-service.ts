import { createLogger, HttpService, openDatabase, type Logger } from '@etl/kit';
import { openFileStore, queueLogger, RUN_QUEUE_SCHEMA, RUN_TASK, runnerEntities } from '@etl/scripts';
import type { MikroORM } from '@mikro-orm/postgresql';
import { run as runQueue, type Runner as QueueWorkers } from 'graphile-worker';
import { ActiveRuns } from './active-runs.js';
import { LostRunReaper } from './lost-run-reaper.js';
import { createRunner, createSandbox } from './run-limits.js';
import { runTask } from './run-task.js';
import type { RunnerConfig } from './runner-config.js';

export interface RunningRunner {
  /** Health endpoints (`/healthz`, `/readyz`); stopping it stops the runner gracefully. */
  service: HttpService;
  url: string;
  logger: Logger;
  /** How long a graceful stop may take, for the signal handler's own deadline. */
  drainMs: number;
  orm: MikroORM;
  stop(): Promise<void>;
}

/** How often idle workers look for jobs besides the queue's NOTIFY (which wakes them at once). */
const POLL_INTERVAL_MS = 2000;

/**
 * Starts a runner: the sandbox (checked by a trial run), the scripts database as the runner's
 * role, the file store, the queue's workers, the heartbeat and the reaper, and the health
 * endpoints. Used by `main` and by tests.
 */
export async function startRunner(config: RunnerConfig): Promise<RunningRunner> {
  const logger = createLogger('runner', config.LOG_LEVEL);
  const sandbox = await createSandbox(config, logger);
  const runner = createRunner(config, sandbox);
  const orm = await openDatabase({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    entities: runnerEntities,
    migrations: [],
    migrate: false,
    logger,
  });
  const fileStore = openFileStore(config);
  let workers: QueueWorkers | null = null;
  try {
    await fileStore.store.verify();
    const active = new ActiveRuns(orm.em.fork(), config.RUNNER_HEARTBEAT_MS, (error) =>
      logger.warn({ err: error }, 'the heartbeat of running runs failed'),
    );
    const reaper = new LostRunReaper(
      orm.em.fork(),
      {
        lostAfterMs: config.RUNNER_LOST_AFTER_SECONDS * 1000,
        policy: config.RUN_INTERRUPTED_POLICY,
        maxAttempts: config.RUN_MAX_ATTEMPTS,
      },
      logger,
    );
    let handingBack = false;
    const limits = { maxFiles: config.SCRIPT_MAX_OUTPUT_FILES, maxFileBytes: config.MAX_FILE_SIZE };
    const task = runTask({
      orm,
      runner,
      store: fileStore.store,
      limits,
      active,
      logger,
      handingBack: () => handingBack,
    });
    const graceMs = config.RUNNER_SHUTDOWN_GRACE_SECONDS * 1000;
    workers = await runQueue({
      connectionString: config.DATABASE_URL,
      schema: RUN_QUEUE_SCHEMA,
      concurrency: config.RUNNER_CONCURRENCY,
      maxPoolSize: config.RUNNER_CONCURRENCY + 2,
      pollInterval: POLL_INTERVAL_MS,
      noHandleSignals: true,
      // Runs are given the grace period on shutdown, then handed back by this runner itself.
      gracefulShutdownAbortTimeout: graceMs + 5000,
      logger: queueLogger(logger),
      taskList: { [RUN_TASK]: task },
    });
    active.start();
    reaper.start();

    const service = new HttpService(logger);
    service.addReadinessCheck(async () => (await orm.isConnected()) && !handingBack);
    const started = workers;
    service.onStop(async () => {
      logger.info({ running: active.size, graceMs }, 'stopping: taking no more runs, letting running ones finish');
      const grace = setTimeout(() => {
        handingBack = true;
        if (active.size) logger.warn({ running: active.size }, 'grace period over: handing running runs back');
        runner.killAll();
      }, graceMs);
      try {
        await reaper.stop();
        await started.stop();
      } finally {
        clearTimeout(grace);
        await active.stop();
        await fileStore.close();
        await orm.close();
      }
    });
    const { url } = await service.listen(config.HOST, config.PORT);
    service.markReady();
    logger.info({ url, concurrency: config.RUNNER_CONCURRENCY }, 'runner started');
    return { service, url, logger, drainMs: graceMs + 5000, orm, stop: () => service.stop() };
  } catch (error) {
    await workers?.stop().catch(() => undefined);
    await fileStore.close();
    await orm.close();
    throw error;
  }
}
