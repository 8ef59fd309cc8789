import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readConfig, serverSettings, setting } from '@etl/kit';

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));

/** Every setting of the gateway; the README's configuration table lists the same. */
export const gatewaySettings = {
  ...serverSettings,
  PORT: setting.port(4000),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH),
  /** Subgraph URLs; when unset, the URLs composed into the supergraph (localhost:4001–4003). */
  USERS_URL: setting.url().optional(),
  SCRIPTS_URL: setting.url().optional(),
  LOGS_URL: setting.url().optional(),
  /** Origins allowed to call from a browser (the web console's). */
  CORS_ORIGINS: setting.list(),
  /** Addresses or ranges of proxies in front of the gateway whose X-Forwarded-For is believed. */
  TRUST_PROXY: setting.list(),
  MAX_REQUEST_BYTES: setting.positiveInt(40 * 1024 * 1024),
  MAX_QUERY_DEPTH: setting.positiveInt(12),
  MAX_QUERY_COST: setting.positiveInt(20_000),
  MAX_QUERY_ALIASES: setting.positiveInt(30),
  MAX_QUERY_TOKENS: setting.positiveInt(5_000),
  SUBGRAPH_TIMEOUT_MS: setting.positiveInt(60_000),
};

export type GatewayConfig = z.infer<z.ZodObject<typeof gatewaySettings>>;

export function readGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return readConfig(gatewaySettings, env);
}

/** The URL overrides by subgraph name, as the supergraph names them. */
export function subgraphUrlOverrides(config: GatewayConfig): Record<string, string> {
  const overrides: Record<string, string> = {};
  if (config.USERS_URL) overrides.users = config.USERS_URL;
  if (config.SCRIPTS_URL) overrides.scripts = config.SCRIPTS_URL;
  if (config.LOGS_URL) overrides.logs = config.LOGS_URL;
  return overrides;
}
