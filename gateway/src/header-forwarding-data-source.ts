import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@etl/kit';
import { Agent, fetch as undiciFetch } from 'undici';
import type { GatewayContext } from './gateway-context.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;

/**
 * Calls a subgraph with the caller's bearer token and request id, and nothing else of the
 * client's headers: cookies and other credentials stop at the gateway. The client address is
 * the gateway's own observation, passed for login throttling. Connections are kept alive
 * (for less than the subgraphs' 65 s idle timeout, so the subgraph never closes one first).
 */
export class HeaderForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, timeoutMs: number) {
    const agent = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000, connections: 64, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const fetcher = ((input: string, init: RequestInit) =>
      undiciFetch(input, { ...(init as object), dispatcher: agent })) as unknown as Fetcher;
    super({ url, fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.clientAddress) headers.set('x-forwarded-for', context.clientAddress);
  }
}
