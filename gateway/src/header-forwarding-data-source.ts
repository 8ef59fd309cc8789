import type { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GATEWAY_SECRET_HEADER, REQUEST_ID_HEADER } from '@etl/kit';
import { GraphQLError } from 'graphql';
import { Agent } from 'undici';
import { foldRepresentations } from './entity-representations.js';
import type { GatewayContext } from './gateway-context.js';
import { LeanRemoteGraphQLDataSource } from './lean-remote-data-source.js';
import { whileServingQuery, type InflightQuerySharing } from './inflight-query-sharing.js';
import { subgraphFetcher } from './subgraph-fetcher.js';

type FetcherResponse = Awaited<
  ReturnType<NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>>
>;

/**
 * Calls a subgraph with the caller's bearer token and request id, and nothing else of the
 * client's headers: cookies and other credentials stop at the gateway. The client address is
 * the gateway's own observation, passed for login throttling; the public protocol and host, for
 * links the subgraphs hand to clients (file downloads); GATEWAY_SECRET proves to the subgraph
 * that these facts come from the gateway, which alone it believes. Connections are kept alive
 * (for less than the subgraphs' 65 s idle timeout, so the subgraph never closes one first).
 */
export class HeaderForwardingDataSource extends LeanRemoteGraphQLDataSource {
  constructor(
    private readonly serviceName: string,
    url: string,
    timeoutMs: number,
    private readonly gatewaySecret: string | undefined,
    sharing: InflightQuerySharing,
  ) {
    const agent = new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 60_000,
      connections: 64,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    super({ url, fetcher: subgraphFetcher(agent, sharing) });
  }

  /**
   * A client's query may share identical subgraph calls in flight; a mutation's plan never does.
   * Repeated entity representations are asked once each (foldRepresentations).
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource['process']> {
    const folded = foldRepresentations(options.request);
    const sent = folded ? { ...options, request: folded.request } : options;
    const query =
      'incomingRequestContext' in options && options.incomingRequestContext.operation?.operation === 'query';
    const response = await (query ? whileServingQuery(() => super.process(sent)) : super.process(sent));
    return folded ? folded.unfold(response) : response;
  }

  /**
   * A subgraph answers 400 with GraphQL errors when a variable does not coerce to its type (a
   * `DateTime` that is not one, say), and 413 when a body is over its limit: the caller's
   * mistakes, reported with the subgraph's own code (BAD_USER_INPUT, PAYLOAD_TOO_LARGE) and
   * message, not as an unavailable service.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status === 400 || response.status === 413) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as { errors?: Array<{ message?: unknown; extensions?: Record<string, unknown> }> } | null;
      const first = body?.errors?.[0];
      if (typeof first?.message === 'string' && typeof first.extensions?.code === 'string') {
        return new GraphQLError(first.message, { extensions: first.extensions });
      }
    }
    return super.errorFromResponse(response);
  }

  /**
   * A subgraph that cannot be reached (or answers with something that is not GraphQL) becomes
   * an error that names the service and carries nothing of the connection: no URL, no errno.
   */
  override didEncounterError(error: Error, _request: unknown, _response: unknown, context: GatewayContext): never {
    if (error instanceof GraphQLError && error.extensions.code !== undefined && !error.extensions.response) throw error;
    context.logger?.error({ err: error, serviceName: this.serviceName }, 'subgraph request failed');
    throw new GraphQLError(
      `The ${this.serviceName} service is unavailable or failed; other parts of the answer are intact`,
      {
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.serviceName, subgraphUnavailable: true },
      },
    );
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('requestId' in context)) return;
    headers.set(REQUEST_ID_HEADER, context.requestId);
    if (this.gatewaySecret) headers.set(GATEWAY_SECRET_HEADER, this.gatewaySecret);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.clientAddress) headers.set('x-forwarded-for', context.clientAddress);
    if (context.userAgent) headers.set('user-agent', context.userAgent);
    if (context.publicHost) {
      headers.set('x-forwarded-host', context.publicHost);
      headers.set('x-forwarded-proto', context.publicProtocol);
    }
  }
}
