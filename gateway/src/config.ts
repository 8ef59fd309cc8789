import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { readConfig, revocationSettings, serverSettings, setting } from '@etl/kit';

const DEFAULT_SUPERGRAPH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** Every setting of the gateway, each described for docs/configuration.md. */
export const gatewaySettings = {
  ...serverSettings,
  PORT: setting.port(4000).describe('Port to listen on'),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH).describe('Composed supergraph to serve'),
  CONSOLE_DIR: z
    .string()
    .default(DEFAULT_CONSOLE_DIR)
    .describe('Built web console served at `/` (`console/dist`); when it holds no build, `/` leads to Sandbox'),
  USERS_URL: setting
    .url()
    .optional()
    .describe("URL of the users subgraph; unset, the supergraph's (`http://localhost:4001/graphql`)"),
  SCRIPTS_URL: setting
    .url()
    .optional()
    .describe("URL of the scripts subgraph; unset, the supergraph's (`http://localhost:4002/graphql`)"),
  LOGS_URL: setting
    .url()
    .optional()
    .describe("URL of the logs subgraph; unset, the supergraph's (`http://localhost:4003/graphql`)"),
  CORS_ORIGINS: setting.list().describe('Comma-separated browser origins allowed to call'),
  CONSOLE_CONNECT_ORIGINS: setting
    .list()
    .refine((origins) => origins.every(isOrigin), {
      message: 'expected comma-separated origins (`https://files.example.com`), each a scheme, host and port only',
    })
    .describe(
      "Origins besides the gateway's own that the console's page may send requests to: the S3 store's public endpoint (`S3_PUBLIC_ENDPOINT`) when uploads go straight to it",
    ),
  TRUST_PROXY: setting
    .list()
    .describe(
      'Comma-separated addresses or ranges of proxies in front of the gateway whose `X-Forwarded-For` is believed',
    ),
  MAX_REQUEST_BYTES: setting
    .positiveInt(40 * 1024 * 1024)
    .describe('Largest request body, in bytes (`PAYLOAD_TOO_LARGE` above)'),
  MAX_QUERY_DEPTH: setting.positiveInt(12).describe('Deepest selection a query may nest'),
  MAX_QUERY_COST: setting.positiveInt(20_000).describe('Highest cost a query may have (graphql-armor)'),
  MAX_QUERY_ALIASES: setting.positiveInt(30).describe('Most aliases in one query'),
  MAX_QUERY_TOKENS: setting.positiveInt(5_000).describe('Most tokens in one query document'),
  REVOCATION_MAX_DELAY_SECONDS: revocationSettings.REVOCATION_MAX_DELAY_SECONDS.describe(
    "How soon the gateway renews an API token's cached access token after the users subgraph revokes it",
  ),
  SUBGRAPH_TIMEOUT_MS: setting.positiveInt(60_000).describe('Time a subgraph may take to answer'),
};

/** `https://host[:port]` and nothing more: what a Content-Security-Policy source may name. */
function isOrigin(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) && new URL(value).origin === value;
}

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
