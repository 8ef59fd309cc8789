import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLResponse } from '@apollo/server';
import { httpErrorAnswer, type Logger, type PlainHandler } from '@etl/kit';
import bodyParser from 'body-parser';
import cors from 'cors';
import type { GatewayContext } from './gateway-context.js';

export interface GraphQLHttpOptions {
  /** Browser origins granted CORS (CORS_ORIGINS). */
  corsOrigins: string[];
  /** The largest body (MAX_REQUEST_BYTES). */
  maxRequestBytes: number;
  /** The context of one request; may refuse it (an API token that does not exchange). */
  context(req: IncomingMessage, requestId: string): Promise<GatewayContext>;
  logger: Logger;
}

type Next = (error?: unknown) => void;

/** Runs a connect-style middleware on a plain request: resolves when it calls `next`. */
function passThrough(
  middleware: (req: IncomingMessage, res: ServerResponse, next: Next) => void,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  return new Promise((resolve, reject) => {
    middleware(req, res, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function writeGraphQLResponse(res: ServerResponse, response: HTTPGraphQLResponse): Promise<void> {
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * `/graphql` as a plain Node handler rather than an express stack: CORS (the `cors` package, as
 * before), the JSON body (body-parser, as express.json: same limit, encodings and errors), then
 * Apollo Server's own HTTP handling, which does CSRF prevention, GET and POST, and the status of
 * every error. Express's router, its request and response prototypes and its ETag hashing of
 * every answer cost more than the rest of the gateway's work on a small query. A body that cannot
 * be read is answered as HttpService answers it on express routes; anything unexpected is logged
 * and masked.
 */
export function graphqlHttpHandler(apollo: ApolloServer<GatewayContext>, options: GraphQLHttpOptions): PlainHandler {
  const allowOrigins = cors({ origin: options.corsOrigins, exposedHeaders: ['x-request-id'] });
  const readJson = bodyParser.json({ limit: options.maxRequestBytes });
  const serve = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse, requestId: string) => {
    // With a list of origins, `cors` decides at once: it calls `next`, or answers a preflight itself.
    let corsPassed = false;
    allowOrigins(req, res, () => void (corsPassed = true));
    if (!corsPassed) return;
    await passThrough(readJson, req, res);
    const headers = new HeaderMap();
    for (const name in req.headers) {
      const value = req.headers[name];
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const url = req.url ?? '';
    const queryStart = url.indexOf('?');
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: (req.method ?? 'GET').toUpperCase(),
        headers,
        search: queryStart < 0 ? '' : url.slice(queryStart),
        body: req.body,
      },
      context: () => options.context(req, requestId),
    });
    await writeGraphQLResponse(res, response);
  };
  return (req, res, requestId) => {
    serve(req, res, requestId).catch((error: unknown) => {
      const answer = httpErrorAnswer(error as { type?: string; status?: number });
      if (answer.unexpected) options.logger.error({ err: error, requestId }, 'unhandled HTTP error');
      if (res.headersSent) return void res.destroy();
      writeJson(res, answer.status, {
        errors: [{ message: answer.message, extensions: { code: answer.code, requestId } }],
      });
    });
  };
}
