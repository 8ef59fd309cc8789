import { z } from 'zod';
import {
  databaseSettings,
  readConfig,
  revocationSettings,
  serverSettings,
  setting,
  tokenVerificationSettings,
} from '@etl/kit';
import { registrationSettings } from './registration/registration-settings.js';

/** Every setting of the users subgraph, each described for docs/configuration.md. */
export const usersSettings = {
  ...serverSettings,
  ...databaseSettings,
  ...tokenVerificationSettings,
  // Other services only verify: the JWKS is optional here, since the signing key's own public
  // half is always trusted. List retired keys in it while their tokens may still be alive.
  JWT_PUBLIC_KEYS: z
    .string()
    .optional()
    .describe(
      "JWKS document of further public keys to accept: retired keys whose tokens may still be alive (the signing key's own is always accepted)",
    ),
  REVOCATION_MAX_DELAY_SECONDS: revocationSettings.REVOCATION_MAX_DELAY_SECONDS,
  PORT: setting.port(4001).describe('Port to listen on'),
  JWT_PRIVATE_KEY: z
    .string({ required_error: 'a PEM private RSA key to sign access tokens is required' })
    .describe('PEM RSA private key that signs access tokens (the local stack generates one into `.data/keys/`)'),
  JWT_KEY_ID: z
    .string()
    .min(1)
    .optional()
    .describe("`kid` put in tokens and in `/.well-known/jwks.json`; unset, the key's RFC 7638 thumbprint"),
  ACCESS_TOKEN_TTL_SECONDS: setting.positiveInt(15 * 60).describe('Access-token lifetime'),
  REFRESH_TOKEN_TTL_SECONDS: setting
    .positiveInt(7 * 24 * 60 * 60)
    .describe('Refresh-token lifetime (renewed at each rotation)'),
  LOGIN_MAX_FAILURES: setting
    .positiveInt(5)
    .describe(
      'Failed logins of one login from one client address within the window before it backs off (`RATE_LIMITED`); other addresses are not affected',
    ),
  LOGIN_BACKOFF_BASE_SECONDS: setting
    .positiveInt(30)
    .describe('First back-off of a login from an address; each further failure doubles it'),
  LOGIN_BACKOFF_MAX_SECONDS: setting.positiveInt(15 * 60).describe('Longest back-off of a login from an address'),
  LOGIN_MAX_FAILURES_PER_ADDRESS: setting
    .positiveInt(50)
    .describe('Failed logins per client address within the window before `RATE_LIMITED`'),
  LOGIN_THROTTLE_WINDOW_SECONDS: setting.positiveInt(15 * 60).describe('Throttling window'),
  API_TOKEN_MAX_LIFETIME_DAYS: setting
    .positiveInt(366)
    .describe('Furthest ahead an API token may expire, in days (`createApiToken` refuses later dates)'),
  ...registrationSettings,
  AUDIT_RETENTION_DAYS: setting
    .nonNegativeInt(365)
    .describe('Days audit events are kept (`auditEvents`); 0 keeps them for ever'),
  ETL_ADMIN_LOGIN: z.string().default('admin').describe('Superuser login for the bootstrap'),
  ETL_ADMIN_PASSWORD: z
    .string()
    .optional()
    .describe('When set, the superuser exists with this password after every start'),
};

export type UsersConfig = z.infer<z.ZodObject<typeof usersSettings>>;

export function readUsersConfig(env: NodeJS.ProcessEnv = process.env): UsersConfig {
  return readConfig(usersSettings, env);
}
