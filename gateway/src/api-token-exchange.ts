import { createHash } from 'node:crypto';
import {
  ErrorCode,
  GATEWAY_SECRET_HEADER,
  REQUEST_ID_HEADER,
  type Logger,
  type RevocableClaims,
  type RevocationList,
} from '@etl/kit';
import { GraphQLError } from 'graphql';
import { fetch as undiciFetch } from 'undici';

/** The prefix of API tokens' secrets (the users subgraph makes them); everything else is an access token. */
const API_TOKEN = /^Bearer\s+(etl_pat_\S+)\s*$/i;
/** The users subgraph's route that trades a secret for an access token. */
const EXCHANGE_PATH = '/auth/api-token-exchange';
/** Enough for every machine client of a large site; past it the oldest entry goes. */
const MAX_CACHED_TOKENS = 10_000;
/** An access token is renewed this long before it expires (or halfway, for shorter lives). */
const RENEW_BEFORE_EXPIRY_MS = 60_000;

interface CachedAccessToken {
  accessToken: string;
  claims: RevocableClaims;
  renewAt: number;
}

/** The claims of a token the users subgraph just signed (read, not verified: the subgraphs verify it). */
function claimsOf(accessToken: string): RevocableClaims {
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: unknown;
    sid?: unknown;
    iat?: unknown;
  };
  return {
    sub: String(payload.sub),
    sid: typeof payload.sid === 'string' ? payload.sid : undefined,
    iat: Number(payload.iat),
  };
}

function refused(message: string, status: number, code: string = ErrorCode.UNAUTHENTICATED): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status } } });
}

/**
 * Trades API tokens (`Authorization: Bearer etl_pat_…`) for short-lived access tokens of the
 * users subgraph, so that every subgraph verifies one kind of token with public keys only. The
 * access token is cached until shortly before it expires, keyed by a hash of the secret (the
 * secret itself is never kept); concurrent requests with one new secret share one exchange.
 * A cached access token that the users subgraph's revocation list names (its owner's role
 * changed, the API token was revoked) is exchanged again instead of being sent on: the exchange
 * then answers a fresh token, or refuses a revoked API token.
 */
export class ApiTokenExchange {
  private readonly cache = new Map<string, CachedAccessToken>();
  private readonly pending = new Map<string, Promise<string>>();

  constructor(
    private readonly usersUrl: () => string | undefined,
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    private readonly revocations: RevocationList,
    /** GATEWAY_SECRET: the users subgraph trades secrets with the gateway only. */
    private readonly gatewaySecret: string | undefined,
  ) {}

  /** The Authorization header to forward: an access token for an API token, any other header as it came. */
  async authorizationFor(header: string | undefined, requestId: string): Promise<string | undefined> {
    const secret = header ? API_TOKEN.exec(header)?.[1] : undefined;
    if (!secret) return header;
    return `Bearer ${await this.accessTokenFor(secret, requestId)}`;
  }

  private async accessTokenFor(secret: string, requestId: string): Promise<string> {
    const key = createHash('sha256').update(secret).digest('hex');
    const cached = this.cache.get(key);
    if (cached && cached.renewAt > Date.now() && !this.revocations.isRevoked(cached.claims)) return cached.accessToken;
    let exchange = this.pending.get(key);
    if (!exchange) {
      exchange = this.exchange(secret, requestId).then(
        (fresh) => {
          this.remember(key, fresh);
          return fresh.accessToken;
        },
        (error: unknown) => {
          this.cache.delete(key);
          throw error;
        },
      );
      exchange.finally(() => this.pending.delete(key)).catch(() => undefined);
      this.pending.set(key, exchange);
    }
    return exchange;
  }

  private remember(key: string, fresh: { accessToken: string; expiresAt: number }): void {
    const now = Date.now();
    const margin = Math.min(RENEW_BEFORE_EXPIRY_MS, (fresh.expiresAt - now) / 2);
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value!);
    const claims = claimsOf(fresh.accessToken);
    this.cache.set(key, { accessToken: fresh.accessToken, claims, renewAt: fresh.expiresAt - margin });
  }

  private async exchange(secret: string, requestId: string): Promise<{ accessToken: string; expiresAt: number }> {
    const usersUrl = this.usersUrl();
    if (!usersUrl) throw refused('The users service is unavailable: API tokens cannot be checked', 503);
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(new URL(EXCHANGE_PATH, usersUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [REQUEST_ID_HEADER]: requestId,
          ...(this.gatewaySecret ? { [GATEWAY_SECRET_HEADER]: this.gatewaySecret } : {}),
        },
        body: JSON.stringify({ secret }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      this.logger.error({ err: error, requestId }, 'API token exchange failed: users subgraph unreachable');
      throw refused(
        'The users service is unavailable: API tokens cannot be checked',
        503,
        ErrorCode.INTERNAL_SERVER_ERROR,
      );
    }
    const body = (await response.json().catch(() => null)) as {
      accessToken?: unknown;
      expiresAt?: unknown;
      errors?: Array<{ message?: unknown }>;
    } | null;
    if (response.status === 401) {
      const message = body?.errors?.[0]?.message;
      throw refused(typeof message === 'string' ? message : 'Invalid API token', 401);
    }
    const expiresAt = typeof body?.expiresAt === 'string' ? Date.parse(body.expiresAt) : NaN;
    if (!response.ok || typeof body?.accessToken !== 'string' || Number.isNaN(expiresAt)) {
      this.logger.error({ status: response.status, requestId }, 'API token exchange failed: unexpected answer');
      throw refused('The users service failed to check the API token', 502, ErrorCode.INTERNAL_SERVER_ERROR);
    }
    return { accessToken: body.accessToken, expiresAt };
  }
}
