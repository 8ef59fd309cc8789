export { readRunnerConfig, runnerSettings, type RunnerConfig } from './runner-config.js';
export { startRunner, type RunningRunner } from './runner-service.js';
export { LostRunReaper } from './lost-run-reaper.js';
// The script runner's parts, for the runner benchmark in tools/bench.
export { createRunner, createSandbox, runLimitSettings } from './run-limits.js';
export { spawnInterpreter } from './execution/interpreter-process.js';
export { makeRunFolder, removeRunFolder } from './execution/run-folder.js';
export type { ScriptRunner } from './execution/script-runner.js';
