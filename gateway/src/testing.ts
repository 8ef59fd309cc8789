import type { TestGatewayDefinition } from '@etl/testkit';
import { readGatewayConfig } from './config.js';
import { startGateway } from './start-gateway.js';

/** The gateway of a test stack (`@etl/gateway/testing`), on the settings the stack gives it. */
export const testGateway: TestGatewayDefinition = (env) => startGateway(readGatewayConfig(env));
