import { z } from 'zod';
import { logLevelSetting, nodeEnvSetting, setting } from './read-config.js';

// Each setting's `.describe()` is its documentation: docs/configuration.md is generated from
// these shapes (`pnpm docs:config`), defaults included.

/** Settings every server (gateway and subgraphs) reads. */
export const serverSettings = {
  NODE_ENV: nodeEnvSetting.describe('`production` turns off introspection, Apollo Sandbox and field suggestions'),
  LOG_LEVEL: logLevelSetting.describe(
    '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; logs are JSON lines on stdout',
  ),
  HOST: z.string().default('0.0.0.0').describe('Address to listen on'),
  GATEWAY_SECRET: z
    .string()
    .min(32, 'expected at least 32 characters')
    .optional()
    .describe(
      'Secret (32+ characters) the gateway sends every subgraph (`x-gateway-secret`), shared by all services: only requests carrying it may forward the client address and host, or read the schema in production. Required in production; use `GATEWAY_SECRET_FILE`',
    ),
  SHUTDOWN_DRAIN_MS: setting
    .positiveInt(10_000)
    .describe('On SIGTERM: how long in-flight requests may take before connections close'),
};

/** Settings of every service that verifies access tokens. */
export const tokenVerificationSettings = {
  JWT_ISSUER: z.string().min(1).default('etl-platform').describe('Expected `iss` of access tokens'),
  JWT_AUDIENCE: z.string().min(1).default('etl-api').describe('Expected `aud` of access tokens'),
  JWT_MAX_LIFETIME_SECONDS: setting
    .positiveInt(3600)
    .describe(
      'Longest lifetime (`exp - iat`) an access token may have; longer ones are refused, and the users service will not issue them',
    ),
  JWT_PUBLIC_KEYS: z
    .string({ required_error: 'a JWKS document with the signing public keys is required' })
    .describe(
      'JWKS document (`{"keys":[...]}`) of the RS256 public keys access tokens may be signed with; list several while rotating',
    ),
};

/** Settings of every subgraph that owns a database. */
export const databaseSettings = {
  DATABASE_URL: setting.postgresUrl().describe("`postgres://` URL of the subgraph's own database"),
  DATABASE_POOL_MAX: setting.positiveInt(10).describe('Connections in the pool'),
  MIGRATE_ON_START: setting.boolean(true).describe('Apply pending migrations at start'),
};

export type TokenVerificationSettings = z.infer<z.ZodObject<typeof tokenVerificationSettings>>;
