import { ConfigError, stopOnSignals } from '@etl/kit';
import { readGatewayConfig } from './config.js';
import { startGateway } from './start-gateway.js';

try {
  const config = readGatewayConfig();
  const gateway = await startGateway(config);
  stopOnSignals(gateway.service, gateway.logger, config.SHUTDOWN_DRAIN_MS);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`gateway: ${error.message}`);
    process.exit(2);
  }
  console.error('gateway: failed to start:', error);
  process.exit(1);
}
