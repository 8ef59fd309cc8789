import 'reflect-metadata';
import { runService } from '@etl/kit';
import { readLogsConfig } from './config.js';
import { startLogsSubgraph } from './logs-subgraph.js';

await runService('logs', () => startLogsSubgraph(readLogsConfig()));
