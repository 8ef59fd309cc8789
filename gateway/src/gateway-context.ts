import type { IncomingMessage } from 'node:http';
import type { Logger } from '@etl/kit';
import proxyAddr from 'proxy-addr';

/** A User-Agent is shown in a list of sessions, not parsed: a long one is cut. */
const MAX_USER_AGENT_LENGTH = 256;

/** What the gateway knows of a request: only what it forwards, and how to log about it. */
export interface GatewayContext {
  requestId: string;
  authorization: string | undefined;
  clientAddress: string | undefined;
  /** The client's User-Agent, for the users subgraph's list of sessions (at most 256 characters). */
  userAgent: string | undefined;
  /** How and where the client reached the gateway: subgraphs build client-facing links from it. */
  publicProtocol: string;
  publicHost: string | undefined;
  logger: Logger;
}

/** Which peers' X-Forwarded-* headers are believed: TRUST_PROXY compiled as express compiles `trust proxy`. */
export type ProxyTrust = (address: string, hop: number) => boolean;

export function proxyTrust(trustedProxies: string[]): ProxyTrust {
  return trustedProxies.length ? proxyAddr.compile(trustedProxies) : () => false;
}

/** The first value of a forwarded header, as express's `req.protocol` and `req.host` read it. */
function firstForwarded(value: string | string[] | undefined): string | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (!header) return undefined;
  const comma = header.indexOf(',');
  return (comma === -1 ? header : header.slice(0, comma)).trim();
}

/**
 * The context of a request that reached the gateway, with the credentials it carries. The client
 * address, protocol and host are read as express reads `req.ip`, `req.protocol` and `req.host`:
 * X-Forwarded-For, -Proto and -Host count only when the peer is a trusted proxy (TRUST_PROXY).
 */
export function contextFromRequest(
  req: IncomingMessage,
  requestId: string,
  trust: ProxyTrust,
  logger: Logger,
  authorization: string | undefined = req.headers.authorization,
): GatewayContext {
  const proxied = trust(req.socket.remoteAddress ?? '', 0);
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted === true;
  return {
    requestId,
    authorization,
    clientAddress: proxied ? proxyAddr(req, trust) : req.socket.remoteAddress,
    userAgent: req.headers['user-agent']?.slice(0, MAX_USER_AGENT_LENGTH),
    publicProtocol: (proxied && firstForwarded(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http'),
    publicHost: (proxied && firstForwarded(req.headers['x-forwarded-host'])) || req.headers.host || undefined,
    logger: logger.child({ requestId }),
  };
}
