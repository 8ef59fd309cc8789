import 'reflect-metadata';
import { ConfigError, createLogger, stopOnSignals } from '@etl/kit';
import { readUsersConfig } from './config.js';
import { startUsersSubgraph } from './users-subgraph.js';

try {
  const config = readUsersConfig();
  const subgraph = await startUsersSubgraph(config);
  stopOnSignals(subgraph.service, createLogger('users', config.LOG_LEVEL), config.SHUTDOWN_DRAIN_MS);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`users: ${error.message}`);
    process.exit(2);
  }
  console.error('users: failed to start:', error);
  process.exit(1);
}
