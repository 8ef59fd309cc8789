import { ConfigError } from '../config/read-config.js';
import type { TokenVerificationSettings } from '../config/settings.js';
import { AccessTokenSigner, AccessTokenVerifier } from './access-token.js';

/** The verifier a service's settings describe; a bad key set stops the start with a ConfigError. */
export function verifierFromSettings(settings: TokenVerificationSettings): AccessTokenVerifier {
  try {
    return AccessTokenVerifier.fromJwks(
      settings.JWT_PUBLIC_KEYS,
      { issuer: settings.JWT_ISSUER, audience: settings.JWT_AUDIENCE },
      settings.JWT_MAX_LIFETIME_SECONDS,
    );
  } catch (error) {
    throw new ConfigError([(error as Error).message]);
  }
}

/**
 * The users subgraph's signer; a key that is not a PEM RSA private key, or a token lifetime the
 * verifiers would refuse, stops the start.
 */
export function signerFromSettings(settings: {
  JWT_PRIVATE_KEY: string;
  JWT_KEY_ID?: string | undefined;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  JWT_MAX_LIFETIME_SECONDS: number;
  ACCESS_TOKEN_TTL_SECONDS: number;
}): AccessTokenSigner {
  if (settings.ACCESS_TOKEN_TTL_SECONDS > settings.JWT_MAX_LIFETIME_SECONDS) {
    throw new ConfigError([
      `ACCESS_TOKEN_TTL_SECONDS: at most JWT_MAX_LIFETIME_SECONDS (${settings.JWT_MAX_LIFETIME_SECONDS}), since longer tokens are refused`,
    ]);
  }
  try {
    return new AccessTokenSigner(
      settings.JWT_PRIVATE_KEY,
      { issuer: settings.JWT_ISSUER, audience: settings.JWT_AUDIENCE },
      settings.ACCESS_TOKEN_TTL_SECONDS,
      settings.JWT_KEY_ID,
    );
  } catch (error) {
    throw new ConfigError([`JWT_PRIVATE_KEY: expected a PEM RSA private key (${(error as Error).message})`]);
  }
}
