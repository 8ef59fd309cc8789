import {
  type AccessTokenVerifier,
  ConfigError,
  createLogger,
  openDatabase,
  startSubgraph,
  revocationListFromSettings,
  verifierFromSettings,
  type RunningSubgraph,
} from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ScriptsConfig } from './config.js';
import { PythonSyntaxChecker } from './content/python-syntax-checker.js';
import { ScriptContentValidator } from './content/script-content-validator.js';
import { scriptsEntities } from './entities.js';
import { FileResolver } from './files/file.resolver.js';
import { FileService } from './files/file.service.js';
import { openFileStore } from './files/store/open-file-store.js';
import { FolderResolver } from './folders/folder.resolver.js';
import { FolderService } from './folders/folder.service.js';
import { scriptsMigrations } from './migrations/index.js';
import { failAbandonedRuns, longestLiveRunMs } from './runs/run-recovery.js';
import { RunRetention } from './runs/run-retention.js';
import { createRunner, createRunGate, createSandbox } from './runs/run-settings.js';
import { RunService } from './runs/run.service.js';
import { ScriptRunResolver } from './runs/script-run.resolver.js';
import { ScriptResolver } from './scripts/script.resolver.js';
import { ScriptService } from './scripts/script.service.js';
import { SCRIPT_PUBLIC_ERRORS } from './script-errors.js';
import { scriptsSchemaOptions } from './scripts-schema.js';

export interface RunningScriptsSubgraph extends RunningSubgraph {
  orm: MikroORM;
}

/**
 * Room in a request body for the largest script content or run input JSON-escaped (a control
 * character takes six bytes as `\u0001`), or the largest file in base64, and the rest of the
 * request; anything larger is refused by the body parser with PAYLOAD_TOO_LARGE before it is
 * read whole.
 */
function bodyLimit(config: ScriptsConfig): number {
  const base64File = 4 * Math.ceil(config.MAX_FILE_SIZE / 3);
  return Math.max(6 * config.SCRIPT_MAX_BYTES, 6 * config.SCRIPT_INPUT_BYTES, base64File) + 256 * 1024;
}

/** Starts the scripts subgraph: migrations, then the server. Used by `main` and by tests (port 0). */
export async function startScriptsSubgraph(config: ScriptsConfig): Promise<RunningScriptsSubgraph> {
  const logger = createLogger('scripts', config.LOG_LEVEL);
  const verifier: AccessTokenVerifier = verifierFromSettings(config);
  const orm = await openDatabase({
    url: config.DATABASE_URL,
    poolMax: config.DATABASE_POOL_MAX,
    entities: scriptsEntities,
    migrations: scriptsMigrations,
    migrate: config.MIGRATE_ON_START,
    logger,
  });
  try {
    const checker = new PythonSyntaxChecker({
      python: config.PYTHON_PATH,
      timeoutMs: config.SCRIPT_CHECK_TIMEOUT_MS,
      concurrency: config.SCRIPT_CHECK_CONCURRENCY,
    });
    // Fail at start, not at the first upload, when the interpreter is missing or broken.
    await checker.check('def main(data):\n    return data\n').catch((error: Error) => {
      throw new ConfigError([`PYTHON_PATH: cannot check scripts with ${config.PYTHON_PATH}: ${error.message}`]);
    });
    const folders = new FolderService();
    const scripts = new ScriptService(new ScriptContentValidator(checker, config.SCRIPT_MAX_BYTES), folders);
    const fileStore = openFileStore(config, logger);
    // A folder or bucket that cannot be used stops the start with a ConfigError naming the setting.
    await fileStore.store.verify();
    const files = new FileService(fileStore.store, {
      maxFileBytes: config.MAX_FILE_SIZE,
      urlTtlSeconds: config.FILE_URL_TTL_SECONDS,
      publicUrl: config.FILES_PUBLIC_URL,
    });
    const runs = new RunService(
      scripts,
      createRunner(config, await createSandbox(config, logger)),
      createRunGate(config),
      fileStore.store,
      {
        inputLimitBytes: config.SCRIPT_INPUT_BYTES,
        maxFiles: config.SCRIPT_MAX_OUTPUT_FILES,
        maxFileBytes: config.MAX_FILE_SIZE,
        cancelPollMs: config.SCRIPT_CANCEL_POLL_MS,
        waitMs: config.SCRIPT_RUN_WAIT_SECONDS * 1000,
      },
      logger,
    );
    const abandoned = await failAbandonedRuns(orm.em.fork(), longestLiveRunMs(config));
    if (abandoned) logger.warn({ runs: abandoned }, 'marked runs left by a stopped instance as interrupted');
    const retention = new RunRetention(
      orm,
      fileStore.store,
      { retentionDays: config.SCRIPT_RUN_RETENTION_DAYS },
      logger,
    );
    const subgraph = await startSubgraph({
      name: 'scripts',
      host: config.HOST,
      port: config.PORT,
      logger,
      verifier,
      revocations: revocationListFromSettings(config, logger),
      orm,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      production: config.NODE_ENV === 'production',
      publicErrors: SCRIPT_PUBLIC_ERRORS,
      bodyLimitBytes: bodyLimit(config),
      routes: fileStore.mountRoutes,
      onDrained: async () => {
        await retention.stop();
        await runs.stop();
        await fileStore.close();
      },
      ...scriptsSchemaOptions,
      instances: [
        new FolderResolver(folders),
        new ScriptResolver(scripts),
        new ScriptRunResolver(runs),
        new FileResolver(files),
      ],
    });
    retention.start();
    return { ...subgraph, orm };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
