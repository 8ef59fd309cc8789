export { readGatewayConfig, gatewaySettings, type GatewayConfig } from './config.js';
export { startGateway, type RunningGateway } from './start-gateway.js';
