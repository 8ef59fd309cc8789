export { readScriptsConfig, scriptsSettings, type ScriptsConfig } from './config.js';
export { startScriptsSubgraph, type RunningScriptsSubgraph } from './scripts-subgraph.js';
export { buildScriptsSchema } from './scripts-schema.js';
export { runnerEntities, scriptsEntities } from './entities.js';
export { scriptsMigrations } from './migrations/index.js';
export { migrateScriptsDatabase } from './scripts-database.js';
export { seedScriptTree, type SeedOptions, type SeedResult } from './seed/seed-tree.js';
export { ConcurrencyGate } from './concurrency/concurrency-gate.js';
// What runners (@etl/runner) share with this subgraph: the run rows, the queue, the file store.
export { ScriptRun } from './runs/script-run.entity.js';
export { isFinal, ScriptRunStatus } from './runs/script-run-status.js';
export {
  CANCELLED_MESSAGE,
  RunErrorCode,
  type FinishedRunStatus,
  type RunError,
  type RunOutcome,
} from './runs/run-outcome.js';
export { collectOutputFiles, placeInputFiles, type CollectedOutputs, type OutputLimits } from './runs/run-files.js';
export {
  dequeueRun,
  enqueueRun,
  installRunQueue,
  queueLogger,
  requeueRun,
  RUN_ENDED_CHANNEL,
  RUN_QUEUE_SCHEMA,
  RUN_TASK,
  type RunJobPayload,
} from './runs/queue/run-queue.js';
export { grantRunnerAccess, runnerGrantStatements, runnerRoleStatements } from './runs/queue/runner-grants.js';
export { fileSettings } from './files/file-settings.js';
export { openFileStore } from './files/store/open-file-store.js';
export type { FileStore, StoredFileInfo } from './files/store/file-store.js';
export { LocalFileStore } from './files/store/local-file-store.js';
export { LinkSigner } from './files/store/link-signature.js';
export type { StoredFile } from './files/stored-file.type.js';
