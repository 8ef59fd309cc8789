import { STATUS_CODES } from 'node:http';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { request, type Agent } from 'undici';
import { HeaderRecord } from './header-record.js';
import type { InflightQuerySharing, SubgraphAnswer } from './inflight-query-sharing.js';

type Fetcher = NonNullable<NonNullable<ConstructorParameters<typeof RemoteGraphQLDataSource>[0]>['fetcher']>;
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * A subgraph's answer, read whole: the gateway parses every answer at once anyway, so nothing is
 * gained by streaming it, and the WHATWG `Response` of `fetch` costs a stream per body.
 */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  private used = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: HeaderRecord,
    private readonly body: string,
  ) {}

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  get statusText(): string {
    return STATUS_CODES[this.status] ?? '';
  }

  get bodyUsed(): boolean {
    return this.used;
  }

  async text(): Promise<string> {
    this.used = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    this.used = true;
    return JSON.parse(this.body);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.used = true;
    return new TextEncoder().encode(this.body).buffer as ArrayBuffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, this.headers, this.body);
  }
}

/**
 * The data sources' fetcher: undici's `request` on the given pool (kept-alive connections)
 * rather than its `fetch`, whose Request, Response and body streams cost more per subgraph call
 * than the call's own HTTP work on loopback. Redirects are not followed (subgraphs send none).
 * Identical queries in flight at once share one call (`InflightQuerySharing`); each caller gets
 * its own response to read.
 */
export function subgraphFetcher(agent: Agent, sharing: InflightQuerySharing): Fetcher {
  const fetcher = async (url: string, init: Parameters<Fetcher>[1] = {}): Promise<FetcherResponse> => {
    const send = async (): Promise<SubgraphAnswer> => {
      const response = await request(url, {
        method: (init.method ?? 'GET') as 'GET',
        headers: init.headers,
        body: init.body,
        signal: init.signal as AbortSignal | undefined,
        dispatcher: agent,
      });
      return { status: response.statusCode, headers: response.headers, body: await response.body.text() };
    };
    const answer = await sharing.answer({ url, headers: init.headers, body: init.body }, send);
    return new SubgraphResponse(url, answer.status, HeaderRecord.of(answer.headers), answer.body);
  };
  return fetcher as Fetcher;
}
