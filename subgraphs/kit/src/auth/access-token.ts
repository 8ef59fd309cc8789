import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AuthenticationError } from '../errors/errors.js';
import { ACCESS_TOKEN_ALGORITHM, parsePublicKeySet, toPublicJwk, type PublicJwk } from './keys.js';
import { VerifiedTokenCache } from './verified-token-cache.js';
import {
  CLOCK_TOLERANCE_SECONDS,
  DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  registeredClaimsProblem,
} from './token-claims.js';

export type DatamoduleAccessType = 'READ' | 'WRITE' | 'OWNER';

/** The claims of an access token, as the contract lists them. */
export interface AccessTokenClaims {
  sub: string;
  login: string;
  perms: string[];
  dm: Record<string, DatamoduleAccessType[]>;
  iss: string;
  aud: string;
  iat: number;
  exp: number;
  jti: string;
  /** The session (refresh-token family) the token was issued for; lets `changePassword` keep it. */
  sid?: string;
}

export interface TokenAudience {
  issuer: string;
  audience: string;
}

const ACCESS_TYPES = new Set(['READ', 'WRITE', 'OWNER']);

function isClaims(payload: unknown): payload is AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) return false;
  const p = payload as Record<string, unknown>;
  return (
    typeof p.sub === 'string' &&
    typeof p.login === 'string' &&
    typeof p.jti === 'string' &&
    (p.sid === undefined || typeof p.sid === 'string') &&
    Array.isArray(p.perms) &&
    p.perms.every((perm) => typeof perm === 'string') &&
    typeof p.dm === 'object' &&
    p.dm !== null &&
    Object.values(p.dm).every((types) => Array.isArray(types) && types.every((t) => ACCESS_TYPES.has(t as string)))
  );
}

/**
 * Verifies access tokens with public keys only. The algorithm is pinned to RS256 before any
 * key is chosen, so `alg: none` and HS256-with-the-public-key forgeries fail, and the key is
 * picked by `kid` from the configured set. `exp`, `iat`, `sub`, `iss` and `aud` are required and
 * a token may live at most `maxLifetimeSeconds` (JWT_MAX_LIFETIME_SECONDS). A token that passed
 * is remembered by its string until its `exp` (VerifiedTokenCache): a client repeats its token on
 * every request, and the RSA check was most of a small query's token cost.
 */
export class AccessTokenVerifier {
  private readonly verified: VerifiedTokenCache;

  constructor(
    readonly keys: ReadonlyMap<string, KeyObject>,
    private readonly expected: TokenAudience,
    private readonly maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    verified = new VerifiedTokenCache(),
  ) {
    this.verified = verified;
  }

  static fromJwks(jwks: string, expected: TokenAudience, maxLifetimeSeconds?: number): AccessTokenVerifier {
    return new AccessTokenVerifier(parsePublicKeySet(jwks), expected, maxLifetimeSeconds);
  }

  /** The token's claims; UNAUTHENTICATED with the reason when it is not acceptable. */
  verify(token: string): Readonly<AccessTokenClaims> {
    const cached = this.verified.get(token);
    if (cached === 'expired') throw AuthenticationError.invalidToken('token expired');
    if (cached) return cached;
    return this.verified.remember(token, this.verifySignatureAndClaims(token));
  }

  private verifySignatureAndClaims(token: string): AccessTokenClaims {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw AuthenticationError.invalidToken('malformed token');
    if (decoded.header.alg !== ACCESS_TOKEN_ALGORITHM) {
      throw AuthenticationError.invalidToken(`algorithm ${decoded.header.alg} is not accepted`);
    }
    const key = decoded.header.kid ? this.keys.get(decoded.header.kid) : undefined;
    if (!key) throw AuthenticationError.invalidToken('unknown signing key');
    let payload: unknown;
    try {
      payload = jwt.verify(token, key, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw AuthenticationError.invalidToken('token expired');
      if (error instanceof jwt.JsonWebTokenError && /audience|issuer/.test(error.message)) {
        throw AuthenticationError.invalidToken(error.message.replace(/^jwt /, 'token '));
      }
      const claim = error instanceof jwt.JsonWebTokenError ? /^invalid (exp|iat|nbf) value/.exec(error.message) : null;
      if (claim) throw AuthenticationError.invalidToken(`missing or malformed ${claim[1]} claim`);
      throw AuthenticationError.invalidToken('signature verification failed');
    }
    const problem = registeredClaimsProblem(payload as Record<string, unknown>, this.maxLifetimeSeconds);
    if (problem) throw AuthenticationError.invalidToken(problem);
    if (!isClaims(payload)) throw AuthenticationError.invalidToken('missing or malformed claims');
    return payload;
  }
}

export type AccessTokenContent = Pick<AccessTokenClaims, 'sub' | 'login' | 'perms' | 'dm' | 'sid'>;

/** Signs access tokens; only the users subgraph (and tests) hold a private key. */
export class AccessTokenSigner {
  private readonly key: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicJwk: PublicJwk;

  constructor(
    privateKeyPem: string,
    private readonly expected: TokenAudience,
    private readonly ttlSeconds: number,
    kid?: string,
  ) {
    this.key = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(this.key);
    this.publicJwk = toPublicJwk(this.publicKey, kid);
  }

  /**
   * Signs a token issued at `now` for the configured lifetime, or until `notAfter` when that is
   * sooner (an API token's own expiry), so no access token outlives what it stands for.
   */
  sign(content: AccessTokenContent, now = Date.now(), notAfter?: Date): { token: string; expiresAt: Date } {
    const iat = Math.floor(now / 1000);
    const cap = notAfter ? Math.floor(notAfter.getTime() / 1000) : Number.POSITIVE_INFINITY;
    const exp = Math.max(iat + 1, Math.min(iat + this.ttlSeconds, cap));
    const token = jwt.sign({ ...content, iat, exp }, this.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: this.publicJwk.kid,
      issuer: this.expected.issuer,
      audience: this.expected.audience,
      jwtid: randomUUID(),
    });
    return { token, expiresAt: new Date(exp * 1000) };
  }
}
