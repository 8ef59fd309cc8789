import 'reflect-metadata';
import { runService } from '@etl/kit';
import { readUsersConfig } from './config.js';
import { startUsersSubgraph } from './users-subgraph.js';

await runService('users', () => startUsersSubgraph(readUsersConfig()));
