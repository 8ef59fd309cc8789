import { runService } from '@etl/kit';
import { readGatewayConfig } from './config.js';
import { startGateway } from './start-gateway.js';

await runService('gateway', () => startGateway(readGatewayConfig()));
