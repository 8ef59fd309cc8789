export { readScriptsConfig, scriptsSettings, type ScriptsConfig } from './config.js';
export { startScriptsSubgraph, type RunningScriptsSubgraph } from './scripts-subgraph.js';
export { buildScriptsSchema } from './scripts-schema.js';
export { scriptsEntities } from './entities.js';
export { scriptsMigrations } from './migrations/index.js';
export { seedScriptTree, type SeedOptions, type SeedResult } from './seed/seed-tree.js';
