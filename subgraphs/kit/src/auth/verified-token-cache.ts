import type { AccessTokenClaims } from './access-token.js';
import { CLOCK_TOLERANCE_SECONDS } from './token-claims.js';

/** Tokens remembered per service: a client sends the same token for its 15 minutes; 5,000 is a few MB. */
export const VERIFIED_TOKEN_CACHE_SIZE = 5_000;

/**
 * Access tokens whose signature and claims were verified, by their exact string, so that a
 * client's next request with the same token skips the RSA verification and the JSON parsing.
 * Only tokens that passed are kept (a forged or broken one pays the full check every time and
 * takes no room); a remembered token still expires at its `exp` (with the same clock tolerance
 * as the JWT library), and revocation is checked by the caller on every request, cached or not.
 * Bounded: the least recently used token leaves first.
 */
export class VerifiedTokenCache {
  private readonly tokens = new Map<string, Readonly<AccessTokenClaims>>();

  constructor(readonly maxSize = VERIFIED_TOKEN_CACHE_SIZE) {}

  get size(): number {
    return this.tokens.size;
  }

  /**
   * The claims of a token verified before, or undefined when it was not; `'expired'` when it was
   * but its time is up (it is then forgotten).
   */
  get(token: string, nowSeconds = Math.floor(Date.now() / 1000)): Readonly<AccessTokenClaims> | 'expired' | undefined {
    const claims = this.tokens.get(token);
    if (!claims) return undefined;
    this.tokens.delete(token);
    if (nowSeconds >= claims.exp + CLOCK_TOLERANCE_SECONDS) return 'expired';
    this.tokens.set(token, claims);
    return claims;
  }

  remember(token: string, claims: AccessTokenClaims): Readonly<AccessTokenClaims> {
    const frozen = Object.freeze({
      ...claims,
      perms: Object.freeze([...claims.perms]) as string[],
      dm: Object.freeze(
        Object.fromEntries(Object.entries(claims.dm).map(([id, types]) => [id, Object.freeze([...types])])),
      ) as AccessTokenClaims['dm'],
    });
    this.tokens.delete(token);
    this.tokens.set(token, frozen);
    if (this.tokens.size > this.maxSize) this.tokens.delete(this.tokens.keys().next().value!);
    return frozen;
  }
}
