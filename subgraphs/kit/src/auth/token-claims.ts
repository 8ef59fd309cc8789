/**
 * The longest an access token may live (`exp - iat`) when a service names no limit: the
 * JWT_MAX_LIFETIME_SECONDS default.
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3600;
/** Seconds two services' clocks may disagree by: for `exp` and for an `iat` slightly ahead. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * Why a verified payload's registered claims are not acceptable, or null when they are. The JWT
 * library checks `exp`, `iss` and `aud` only when they are present; a token must carry all of
 * `exp`, `iat`, `sub`, `iss` and `aud`, must not be issued in the future, and may live at most
 * `maxLifetimeSeconds`, so a leaked or mis-minted token cannot be good for years.
 */
export function registeredClaimsProblem(
  payload: Record<string, unknown>,
  maxLifetimeSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
): string | null {
  const { exp, iat, sub, iss, aud } = payload;
  if (!Number.isInteger(exp)) return 'missing or malformed exp claim';
  if (!Number.isInteger(iat)) return 'missing or malformed iat claim';
  if (typeof sub !== 'string' || sub === '') return 'missing or malformed sub claim';
  if (typeof iss !== 'string') return 'missing or malformed iss claim';
  if (typeof aud !== 'string') return 'missing or malformed aud claim';
  if ((iat as number) > nowSeconds + CLOCK_TOLERANCE_SECONDS) return 'token issued in the future';
  if ((exp as number) - (iat as number) > maxLifetimeSeconds) {
    return `token lifetime longer than ${maxLifetimeSeconds} seconds`;
  }
  return null;
}
