import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader.js';
import type { GatewayContext } from './gateway-context.js';
import { HeaderRecord } from './header-record.js';

type SubgraphResult = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * RemoteGraphQLDataSource's `process` without its per-call node-fetch objects: Apollo copies the
 * headers into a node-fetch `Headers`, back into a record for the fetcher, and builds a node-fetch
 * `Request` (URL parsing included) only to hand it to `didEncounterError` and `parseBody`, which
 * ignore it. That was the largest part of the gateway's own work per subgraph call. The steps and
 * their order are Apollo's: `willSendRequest`, the POST of the JSON body, `errorFromResponse` for
 * a status that is not 2xx, `parseBody`, `didEncounterError` on any failure, and the subgraph's
 * Cache-Control restricting the response's cache policy, then `didReceiveResponse`. Automatic persisted queries to
 * subgraphs (`apq`) are not supported: the gateway never turns them on.
 */
export class LeanRemoteGraphQLDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResult> {
    const { request } = options;
    // Typed as Apollo types it: a health check's or schema load's context is not a request's.
    const context = options.context as GatewayContext;
    const headers = new HeaderRecord();
    if (request.http?.headers) for (const [name, value] of request.http.headers) headers.append(name, value);
    headers.set('content-type', 'application/json');
    request.http = { method: 'POST', url: this.url, headers };
    await this.willSendRequest?.(options);
    if (!request.query) throw new Error('Missing query');
    const { http, ...body } = request;
    let response: FetcherResponse | undefined;
    let result: SubgraphResult;
    try {
      response = await this.fetcher(http.url, {
        method: http.method,
        headers: headers.record,
        body: JSON.stringify(body),
      });
      if (!response.ok) throw await this.errorFromResponse(response);
      const parsed = await this.parseBody(response, undefined, context);
      if (typeof parsed !== 'object' || parsed === null)
        throw new Error(`Expected JSON response body, but received: ${parsed}`);
      result = { ...parsed, http: response };
    } catch (error) {
      this.didEncounterError(error as Error, undefined as never, response, context, request);
      throw error;
    }
    if (this.honorSubgraphCacheControlHeader && 'incomingRequestContext' in options) {
      const policy = options.incomingRequestContext.overallCachePolicy;
      if (policy && 'restrict' in policy) policy.restrict(cacheHint(response.headers.get('cache-control')));
    }
    const { didReceiveResponse } = this;
    if (!didReceiveResponse) return result;
    const path = 'incomingRequestContext' in options ? options.pathInIncomingRequest : undefined;
    return didReceiveResponse.call(this, { response: result, request, context, pathInIncomingRequest: path });
  }
}

/** A subgraph's Cache-Control as a cache hint, read as RemoteGraphQLDataSource reads it. */
function cacheHint(header: string | null): { maxAge: number; scope?: 'PRIVATE' | 'PUBLIC' } {
  const parsed = parseCacheControlHeader(header ?? undefined);
  const maxAge = parsed['max-age'];
  return {
    maxAge: typeof maxAge === 'string' && /^[0-9]+$/.test(maxAge) ? +maxAge : 0,
    ...(parsed['private'] === true ? { scope: 'PRIVATE' as const } : {}),
    ...(parsed['public'] === true ? { scope: 'PUBLIC' as const } : {}),
  };
}
