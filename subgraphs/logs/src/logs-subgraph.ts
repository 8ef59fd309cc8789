import {
  createLogger,
  revocationListFromSettings,
  startSubgraph,
  verifierFromSettings,
  type RunningSubgraph,
} from '@etl/kit';
import type { LogsConfig } from './config.js';
import { logsSchemaOptions } from './logs-schema.js';
import { LogsResolver } from './logs/logs.resolver.js';
import { LogsService } from './logs/logs.service.js';
import { createLogSource } from './sources/create-log-source.js';
import type { PodLogSource } from './sources/log-source.js';

export interface LogsSubgraphOptions {
  /** A source to use instead of the one LOGS_SOURCE names (tests). */
  source?: PodLogSource;
}

/** Starts the logs subgraph; it has no database. Used by `main` and by tests, which pass port 0. */
export async function startLogsSubgraph(
  config: LogsConfig,
  options: LogsSubgraphOptions = {},
): Promise<RunningSubgraph> {
  const logger = createLogger('logs', config.LOG_LEVEL);
  const source = options.source ?? createLogSource(config);
  const service = new LogsService(source, {
    namespaces: config.LOGS_NAMESPACES,
    maxPods: config.LOGS_MAX_PODS,
    defaultLines: config.LOGS_DEFAULT_LINES,
    maxLines: config.LOGS_MAX_LINES,
    maxBytes: config.LOGS_MAX_BYTES,
  });
  logger.info({ source: config.LOGS_SOURCE, namespaces: config.LOGS_NAMESPACES }, 'logs source');
  return startSubgraph({
    name: 'logs',
    host: config.HOST,
    port: config.PORT,
    logger,
    verifier: verifierFromSettings(config),
    revocations: revocationListFromSettings(config, logger),
    drainMs: config.SHUTDOWN_DRAIN_MS,
    production: config.NODE_ENV === 'production',
    gatewaySecret: config.GATEWAY_SECRET,
    ...logsSchemaOptions,
    instances: [new LogsResolver(service)],
  });
}
