import { z } from 'zod';
import { databaseSettings, readConfig, serverSettings, setting, tokenVerificationSettings } from '@etl/kit';

/** Every setting of the users subgraph; the README's configuration table lists the same. */
export const usersSettings = {
  ...serverSettings,
  ...databaseSettings,
  ...tokenVerificationSettings,
  // Other services only verify: the JWKS is optional here, since the signing key's own public
  // half is always trusted. List retired keys in it while their tokens may still be alive.
  JWT_PUBLIC_KEYS: z.string().optional(),
  PORT: setting.port(4001),
  JWT_PRIVATE_KEY: z.string({ required_error: 'a PEM private RSA key to sign access tokens is required' }),
  JWT_KEY_ID: z.string().min(1).optional(),
  ACCESS_TOKEN_TTL_SECONDS: setting.positiveInt(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: setting.positiveInt(7 * 24 * 60 * 60),
  LOGIN_MAX_FAILURES: setting.positiveInt(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: setting.positiveInt(50),
  LOGIN_THROTTLE_WINDOW_SECONDS: setting.positiveInt(15 * 60),
  ETL_ADMIN_LOGIN: z.string().default('admin'),
  ETL_ADMIN_PASSWORD: z.string().optional(),
};

export type UsersConfig = z.infer<z.ZodObject<typeof usersSettings>>;

export function readUsersConfig(env: NodeJS.ProcessEnv = process.env): UsersConfig {
  return readConfig(usersSettings, env);
}
