export { readScriptsConfig, scriptsSettings, type ScriptsConfig } from './config.js';
export { startScriptsSubgraph, type RunningScriptsSubgraph } from './scripts-subgraph.js';
export { buildScriptsSchema } from './scripts-schema.js';
export { scriptsEntities } from './entities.js';
export { scriptsMigrations } from './migrations/index.js';
export { seedScriptTree, type SeedOptions, type SeedResult } from './seed/seed-tree.js';
// The script runner's parts, for the runner benchmark in tools/bench.
export { fileSettings } from './files/file-settings.js';
export { createRunner, createSandbox, runSettings } from './runs/run-settings.js';
export { spawnInterpreter } from './runs/runner/interpreter-process.js';
export { makeRunFolder, removeRunFolder } from './runs/runner/run-folder.js';
export type { ScriptRunner } from './runs/runner/script-runner.js';
export { ConcurrencyGate } from './concurrency/concurrency-gate.js';
