import {
  type AccessTokenVerifier,
  ConfigError,
  createLogger,
  openDatabase,
  startSubgraph,
  auditRelayFromSettings,
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
import { RunEndings } from './runs/queue/run-endings.js';
import { installRunQueue } from './runs/queue/run-queue.js';
import { RunRetention } from './runs/run-retention.js';
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
  // Larger files stream through createUpload and never come inside a GraphQL request.
  const base64File = 4 * Math.ceil(Math.min(config.MAX_INLINE_FILE_SIZE, config.MAX_FILE_SIZE) / 3);
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
  const endings = new RunEndings(config.DATABASE_URL, config.SCRIPT_RUN_RECHECK_MS, logger);
  try {
    if (config.MIGRATE_ON_START) await installRunQueue(config.DATABASE_URL, orm.em.fork(), logger);
    await endings.start();
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
      maxInlineBytes: config.MAX_INLINE_FILE_SIZE,
      urlTtlSeconds: config.FILE_URL_TTL_SECONDS,
      uploadTtlSeconds: config.FILE_UPLOAD_TTL_SECONDS,
      publicUrl: config.FILES_PUBLIC_URL,
    });
    // Runs are carried out by runners (@etl/runner); this subgraph stores and enqueues them.
    const runs = new RunService(scripts, fileStore.store, endings, {
      inputLimitBytes: config.SCRIPT_INPUT_BYTES,
      waitMs: config.SCRIPT_RUN_WAIT_SECONDS * 1000,
      queueSize: config.SCRIPT_QUEUE_SIZE,
    });
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
      auditRelay: auditRelayFromSettings(config, orm, logger),
      orm,
      drainMs: config.SHUTDOWN_DRAIN_MS,
      production: config.NODE_ENV === 'production',
      gatewaySecret: config.GATEWAY_SECRET,
      publicErrors: SCRIPT_PUBLIC_ERRORS,
      bodyLimitBytes: bodyLimit(config),
      routes: fileStore.mountRoutes,
      onDrained: async () => {
        await retention.stop();
        await endings.stop();
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
    await endings.stop();
    await orm.close();
    throw error;
  }
}
