import type { Logger } from '@etl/kit';

/** What the gateway knows of a request: only what it forwards, and how to log about it. */
export interface GatewayContext {
  requestId: string;
  authorization: string | undefined;
  clientAddress: string | undefined;
  logger: Logger;
}
