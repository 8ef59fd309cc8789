import 'reflect-metadata';
import { runService } from '@etl/kit';
import { readScriptsConfig } from './config.js';
import { startScriptsSubgraph } from './scripts-subgraph.js';

await runService('scripts', () => startScriptsSubgraph(readScriptsConfig()));
