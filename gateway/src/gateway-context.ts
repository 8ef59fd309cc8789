import type { Logger } from '@etl/kit';
import type { Request, Response } from 'express';

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

/** The context of a request that reached the gateway, with the credentials it carries. */
export function contextFromRequest(
  req: Request,
  res: Response,
  logger: Logger,
  authorization: string | undefined = req.headers.authorization,
): GatewayContext {
  const requestId = res.locals.requestId as string;
  return {
    requestId,
    authorization,
    clientAddress: req.ip,
    userAgent: req.get('user-agent')?.slice(0, MAX_USER_AGENT_LENGTH),
    // With TRUST_PROXY set, express reads these from the proxy's X-Forwarded-Proto/-Host.
    publicProtocol: req.protocol,
    publicHost: req.host,
    logger: logger.child({ requestId }),
  };
}
