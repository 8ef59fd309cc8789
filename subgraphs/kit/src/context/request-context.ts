import type { IncomingHttpHeaders } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccessTokenVerifier } from '../auth/access-token.js';
import { Caller } from '../auth/caller.js';
import type { RevocationList } from '../auth/revocation-list.js';
import { AuthenticationError } from '../errors/errors.js';
import { isFromGateway } from '../trust/gateway-proof.js';
import type { Logger } from '../logging/logger.js';
import { RequestLoaders } from './request-loaders.js';

/** What every resolver of every subgraph gets as its context. */
export interface RequestContext {
  requestId: string;
  /** The verified caller, or null for an anonymous request (or one with an invalid token). */
  caller: Caller | null;
  /** Why a presented token was rejected; operations that need a caller report this reason. */
  authError: AuthenticationError | null;
  /** Whether the request carries the gateway's secret (GATEWAY_SECRET): then it speaks for the client. */
  fromGateway: boolean;
  /**
   * The client's address as the gateway saw it (for login throttling); from anyone but the
   * gateway, the socket's address, whatever X-Forwarded-For says.
   */
  clientAddress: string | null;
  /** The client's User-Agent (the gateway forwards the client's), cut to 256 characters; for lists of sessions. */
  userAgent: string | null;
  /**
   * Where the client reached the platform (`https://etl.example.com`), as the gateway forwards it
   * in X-Forwarded-Proto/-Host (believed from the gateway only); the request's own Host
   * otherwise. For links handed to clients.
   */
  publicOrigin: string | null;
  logger: Logger;
  /** The request's DataLoaders, whose batch functions get this very context (with `em` if it has one). */
  loaders: RequestLoaders<this>;
}

/** The context of a subgraph with a database (users, scripts); one without (logs) has no `em`. */
export interface DatabaseRequestContext extends RequestContext {
  /** A fork of the EntityManager for this request alone. */
  em: EntityManager;
}

export interface ContextSources {
  requestId: string;
  headers: IncomingHttpHeaders;
  socketAddress: string | undefined;
  /** GATEWAY_SECRET; unset, no request is from the gateway and forwarded facts are ignored. */
  gatewaySecret: string | undefined;
  verifier: AccessTokenVerifier;
  /** Revoked sessions and users, checked after the signature (absent: no revocation). */
  revocations?: RevocationList | undefined;
  logger: Logger;
}

function bearerToken(header: string | undefined): string | null | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** A User-Agent is shown, never parsed: a longer one is cut. */
const MAX_USER_AGENT_LENGTH = 256;

/** A host with an optional port: letters, digits, dots, dashes, or a bracketed IPv6 address. */
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
}

function publicOrigin(headers: IncomingHttpHeaders, fromGateway: boolean): string | null {
  const host = (fromGateway ? firstHeader(headers['x-forwarded-host']) : undefined) ?? headers.host;
  const proto = (fromGateway ? firstHeader(headers['x-forwarded-proto']) : undefined) ?? 'http';
  if (!host || !HOST.test(host) || (proto !== 'http' && proto !== 'https')) return null;
  return `${proto}://${host}`;
}

/**
 * The caller and the request's facts. A token that fails verification does not fail the request
 * here: operations open to anonymous callers (register, login) still work, and everything that
 * needs a caller answers UNAUTHENTICATED with the verifier's reason.
 */
function requestFacts(sources: ContextSources): Omit<RequestContext, 'loaders'> {
  const requestId = sources.requestId;
  let caller: Caller | null = null;
  let authError: AuthenticationError | null = null;
  const token = bearerToken(sources.headers.authorization);
  if (token === null) {
    authError = AuthenticationError.invalidToken('the Authorization header must be "Bearer <token>"');
  } else if (token !== undefined) {
    try {
      const claims = sources.verifier.verify(token);
      sources.revocations?.assertNotRevoked(claims);
      caller = Caller.fromClaims(claims);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      authError = error;
    }
  }
  const fromGateway = isFromGateway(sources.headers, sources.gatewaySecret);
  const forwardedFor = fromGateway ? firstHeader(sources.headers['x-forwarded-for']) : undefined;
  return {
    requestId,
    caller,
    authError,
    fromGateway,
    clientAddress: forwardedFor || sources.socketAddress || null,
    userAgent: sources.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH) || null,
    publicOrigin: publicOrigin(sources.headers, fromGateway),
    logger: sources.logger.child({ requestId, ...(caller ? { userId: caller.id } : {}) }),
  };
}

/** Builds a request's context, for a subgraph without a database. */
export function buildRequestContext(sources: ContextSources): RequestContext {
  const context: RequestContext = { ...requestFacts(sources), loaders: new RequestLoaders(() => context) };
  return context;
}

/** Builds a request's context with its own fork of the subgraph's EntityManager. */
export function buildDatabaseRequestContext(sources: ContextSources, em: EntityManager): DatabaseRequestContext {
  const context: DatabaseRequestContext = {
    ...requestFacts(sources),
    em: em.fork(),
    loaders: new RequestLoaders(() => context),
  };
  return context;
}

/** The caller, or the reason there is none: for operations that need an authenticated user. */
export function requireCaller(context: Pick<RequestContext, 'caller' | 'authError'>): Caller {
  if (context.caller) return context.caller;
  throw context.authError ?? AuthenticationError.required();
}

/** Like requireCaller, plus the permission. */
export function requirePermission(context: Pick<RequestContext, 'caller' | 'authError'>, permission: string): Caller {
  const caller = requireCaller(context);
  caller.require(permission);
  return caller;
}

/** The caller, who must be `userId` or hold one of the permissions: for data about one user. */
export function requireSelfOrPermission(
  context: Pick<RequestContext, 'caller' | 'authError'>,
  userId: string,
  ...permissions: [string, ...string[]]
): Caller {
  const caller = requireCaller(context);
  if (caller.id !== userId && !permissions.some((p) => caller.can(p))) caller.require(permissions[0]);
  return caller;
}
