import { z } from 'zod';
import { logLevelSetting, nodeEnvSetting, setting } from './read-config.js';

/** Settings every server (gateway and subgraphs) reads. */
export const serverSettings = {
  NODE_ENV: nodeEnvSetting,
  LOG_LEVEL: logLevelSetting,
  HOST: z.string().default('0.0.0.0'),
  /** How long a stopping server waits for in-flight requests before closing connections. */
  SHUTDOWN_DRAIN_MS: setting.positiveInt(10_000),
};

/** Settings of every service that verifies access tokens. */
export const tokenVerificationSettings = {
  JWT_ISSUER: z.string().min(1).default('etl-platform'),
  JWT_AUDIENCE: z.string().min(1).default('etl-api'),
  /** A JWKS document (`{"keys":[...]}`) with the public keys that access tokens may be signed with. */
  JWT_PUBLIC_KEYS: z.string({ required_error: 'a JWKS document with the signing public keys is required' }),
};

/** Settings of every subgraph that owns a database. */
export const databaseSettings = {
  DATABASE_URL: setting.postgresUrl(),
  DATABASE_POOL_MAX: setting.positiveInt(10),
  MIGRATE_ON_START: setting.boolean(true),
};

export type TokenVerificationSettings = z.infer<z.ZodObject<typeof tokenVerificationSettings>>;
