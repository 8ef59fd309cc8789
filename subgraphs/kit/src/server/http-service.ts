import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from '../logging/logger.js';
import { DEFAULT_BODY_ARRIVAL_LIMITS, watchBodyArrival, type BodyArrivalLimits } from './body-arrival.js';
import { ErrorCode } from '../errors/errors.js';
import { INTERNAL_ERROR_MESSAGE } from '../errors/masking.js';
import { REQUEST_ID_HEADER, requestIdStorage, resolveRequestId } from '../context/request-id.js';

export type ReadinessCheck = () => Promise<boolean>;

/** A route served by a plain Node handler, ahead of express (see `HttpService.serveFirst`). */
export type PlainHandler = (req: IncomingMessage, res: ServerResponse, requestId: string) => void;

/** The answer to a request whose body could not be read, or to an error no route handled. */
export interface HttpErrorAnswer {
  status: number;
  code: string;
  message: string;
  /** False for the expected refusals (too large, not JSON); true for what must be logged. */
  unexpected: boolean;
}

/** How a body-parser failure, or any other error thrown while serving, is answered. */
export function httpErrorAnswer(error: { type?: string; status?: number }): HttpErrorAnswer {
  if (error.type === 'entity.too.large') {
    return { status: 413, code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is too large', unexpected: false };
  }
  if (error.type === 'entity.parse.failed' || error.status === 400) {
    return { status: 400, code: 'BAD_REQUEST', message: 'Request body is not valid JSON', unexpected: false };
  }
  return { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: INTERNAL_ERROR_MESSAGE, unexpected: true };
}

/**
 * The HTTP side every server of the platform shares: `/healthz` (the process lives), `/readyz`
 * (it should get traffic), JSON body limits with GraphQL-shaped errors, and a graceful stop that
 * turns unready first, stops accepting connections, lets in-flight requests finish, then runs
 * the stop hooks (database pools last).
 */
export class HttpService {
  readonly app: Express = express();
  readonly httpServer: Server = createServer(this.app);
  private ready = false;
  private stopping: Promise<void> | null = null;
  private readonly readinessChecks: ReadinessCheck[] = [];
  private readonly stopHooks: Array<() => Promise<void>> = [];
  private readonly streamedBodyRoutes: Array<{ method: string; prefix: string }> = [];
  private readonly plainRoutes: Array<{ mount: string; handler: PlainHandler }> = [];

  constructor(
    private readonly logger: Logger,
    private readonly bodyArrival: BodyArrivalLimits = DEFAULT_BODY_ARRIVAL_LIMITS,
  ) {
    this.app.disable('x-powered-by');
    // Body time is watched per request instead (see watchBodyArrival): Node's whole-request
    // timeout would cut long uploads that are still flowing.
    this.httpServer.requestTimeout = 0;
    // Every response carries a request id, including the ones that never reach GraphQL (413s).
    this.app.use((req, res, next) => {
      const requestId = this.beginRequest(req, res, req.path);
      res.locals.requestId = requestId;
      requestIdStorage.run(requestId, next);
    });
    this.httpServer.removeListener('request', this.app);
    this.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => this.route(req, res));
    // Longer than any load balancer's or the gateway's idle timeout, so that a kept-alive
    // connection is never closed by this side while the other is about to reuse it.
    this.httpServer.keepAliveTimeout = 65_000;
    this.httpServer.headersTimeout = 66_000;
    this.app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    this.app.get('/readyz', (_req, res) => {
      void this.isReady().then((ready) => {
        res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
      });
    });
  }

  /**
   * Marks `method` requests under `prefix` as streamed bodies (file uploads): they may take as
   * long as they keep flowing, and are cut only when they stall.
   */
  streamBodies(method: string, prefix: string): void {
    this.streamedBodyRoutes.push({ method, prefix: prefix.endsWith('/') ? prefix : `${prefix}/` });
  }

  /**
   * Serves requests under `mount` (matched as express's `app.use` matches it: any case, the
   * mount itself or below it) with a plain Node handler instead of express, for a route so hot
   * that express's router and response helpers cost more than the route's own work. The handler
   * gets the request id (already on the response, and in `currentRequestId()`) and the body
   * deadline, as express routes do; it owns everything else (CORS, body, errors).
   */
  serveFirst(mount: string, handler: PlainHandler): void {
    this.plainRoutes.push({ mount: mount.toLowerCase(), handler });
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    for (const { mount, handler } of this.plainRoutes) {
      if (!isUnder(url, mount)) continue;
      const requestId = this.beginRequest(req, res, url.split('?', 1)[0]!);
      requestIdStorage.run(requestId, () => handler(req, res, requestId));
      return;
    }
    void this.app(req, res);
  }

  /** What every request gets first: its request id, on the response too, and its body's deadline. */
  private beginRequest(req: IncomingMessage, res: ServerResponse, path: string): string {
    const requestId = resolveRequestId(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    watchBodyArrival(req, res, this.bodyArrival, this.isStreamedBody(req.method ?? 'GET', path));
    return requestId;
  }

  private isStreamedBody(method: string, path: string): boolean {
    return this.streamedBodyRoutes.some((route) => route.method === method && path.startsWith(route.prefix));
  }

  addReadinessCheck(check: ReadinessCheck): void {
    this.readinessChecks.push(check);
  }

  /** Hooks run in the order added once requests have drained. */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  markReady(): void {
    this.ready = true;
  }

  private async isReady(): Promise<boolean> {
    if (!this.ready || this.stopping) return false;
    try {
      const results = await Promise.all(this.readinessChecks.map((check) => check()));
      return results.every(Boolean);
    } catch (error) {
      this.logger.warn({ err: error }, 'readiness check failed');
      return false;
    }
  }

  /** JSON parsing for a route, with a size cap and clear errors instead of express's HTML pages. */
  jsonBody(limitBytes: number): express.RequestHandler {
    return express.json({ limit: limitBytes });
  }

  /** Must be mounted after the routes: turns body-parser failures into GraphQL-shaped errors. */
  mountErrorHandler(): void {
    const handler: ErrorRequestHandler = (error: { type?: string; status?: number }, _req, res, next) => {
      if (res.headersSent) return next(error);
      const requestId = res.locals.requestId as string;
      const answer = httpErrorAnswer(error);
      if (answer.unexpected) this.logger.error({ err: error, requestId }, 'unhandled HTTP error');
      res
        .status(answer.status)
        .json({ errors: [{ message: answer.message, extensions: { code: answer.code, requestId } }] });
    };
    this.app.use(handler);
  }

  async listen(host: string, port: number): Promise<{ url: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once('error', reject);
      this.httpServer.listen(port, host, () => {
        this.httpServer.off('error', reject);
        resolve();
      });
    });
    const address = this.httpServer.address() as AddressInfo;
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return { url: `http://${shownHost}:${address.port}`, port: address.port };
  }

  /** Idempotent: a second call waits for the first. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.ready = false;
      for (const hook of this.stopHooks) {
        try {
          await hook();
        } catch (error) {
          this.logger.error({ err: error }, 'error while stopping');
        }
      }
      if (this.httpServer.listening) {
        await new Promise<void>((resolve) => this.httpServer.close(() => resolve()));
      }
    })();
    return this.stopping;
  }
}

/** True when `url` is `mount` or below it, in any case, as express's `app.use(mount)` matches. */
function isUnder(url: string, mount: string): boolean {
  if (url.length < mount.length || url.slice(0, mount.length).toLowerCase() !== mount) return false;
  const next = url[mount.length];
  return next === undefined || next === '/' || next === '?';
}

/**
 * Stops the service on SIGTERM or SIGINT and exits 0 once in-flight requests are done; a
 * second signal, or a drain that overruns, exits at once with 1.
 */
export function stopOnSignals(service: HttpService, logger: Logger, drainMs: number): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    signalled = true;
    logger.info({ signal }, 'stopping: draining in-flight requests');
    const overrun = setTimeout(() => {
      logger.error({ drainMs }, 'drain overran: exiting');
      process.exit(1);
    }, drainMs + 5_000);
    overrun.unref();
    void service.stop().then(() => {
      logger.info('stopped');
      process.exit(0);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
