import type { Logger } from '@etl/kit';

/** What the gateway knows of a request: only what it forwards, and how to log about it. */
export interface GatewayContext {
  requestId: string;
  authorization: string | undefined;
  clientAddress: string | undefined;
  /** How and where the client reached the gateway: subgraphs build client-facing links from it. */
  publicProtocol: string;
  publicHost: string | undefined;
  logger: Logger;
}
