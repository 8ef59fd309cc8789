import { TEST_SERVICE_ENV } from '@etl/testkit';
import { readGatewayConfig, startGateway, type RunningGateway } from '../../src/index.js';

/** A gateway on port 0 with test defaults; `env` overrides them (subgraph URLs, NODE_ENV, limits). */
export function startTestGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startGateway(readGatewayConfig({ ...TEST_SERVICE_ENV, ...env }));
}
