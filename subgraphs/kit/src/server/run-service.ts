import { ConfigError } from '../config/read-config.js';
import type { Logger } from '../logging/logger.js';
import { stopOnSignals, type HttpService } from './http-service.js';

export interface StartedService {
  service: HttpService;
  logger: Logger;
  drainMs: number;
}

/**
 * A service's `main`: start it, stop it gracefully on SIGTERM/SIGINT, and exit with 2 and a
 * message naming every bad setting when the configuration is invalid (1 for other failures).
 */
export async function runService(name: string, start: () => Promise<StartedService>): Promise<void> {
  try {
    const started = await start();
    stopOnSignals(started.service, started.logger, started.drainMs);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`${name}: ${error.message}`);
      process.exit(2);
    }
    console.error(`${name}: failed to start:`, error);
    process.exit(1);
  }
}
