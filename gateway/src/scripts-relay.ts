import { REQUEST_ID_HEADER, type HttpService } from '@etl/kit';
import type { Request, Response } from 'express';
import { Agent } from 'undici';
import { confineDownloadPath } from './download-path.js';

/** An answer the gateway gives without the scripts service: `{ error, code }`, as the service's own file routes answer. */
interface RelayRefusal {
  status: number;
  code: string;
  error: string;
}

/** The supergraph names no scripts service (a gateway composed without it). */
const SCRIPTS_NOT_CONFIGURED: RelayRefusal = {
  status: 503,
  code: 'SERVICE_UNAVAILABLE',
  error: 'the scripts service is not configured',
};

/** The scripts service could not be reached, or failed before answering. */
const SCRIPTS_UNAVAILABLE: RelayRefusal = {
  status: 502,
  code: 'SERVICE_UNAVAILABLE',
  error: 'the scripts service is unavailable',
};

/**
 * What the gateway's two file relays (downloads and uploads on `/files/<key>`) share: the
 * connection pool to the scripts service, the target of a request confined to a file path, the
 * headers that cross, and one shape for the answers the gateway gives itself.
 */
export class ScriptsRelay {
  /** Kept-alive connections to the scripts service, shared by the relay's requests. */
  readonly agent: Agent;

  constructor(
    private readonly scriptsUrl: () => string | undefined,
    timeoutMs: number,
  ) {
    // bodyTimeout applies to the answer only; headersTimeout starts once the request body has
    // been sent, so neither limits how long a large upload may take.
    this.agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /**
   * The scripts service's URL for the request, its path confined to `/files/<key>` first
   * (`confineDownloadPath`) so that nothing else of the service is reachable through the relay;
   * or undefined once the request has been refused (`close` as in `refuse`).
   */
  target(req: Request, res: Response, close = false): URL | undefined {
    const scripts = this.scriptsUrl();
    if (!scripts) {
      refuse(res, SCRIPTS_NOT_CONFIGURED, close);
      return undefined;
    }
    const confined = confineDownloadPath(req.originalUrl);
    if (confined.kind === 'refused') {
      refuse(res, confined, close);
      return undefined;
    }
    return new URL(confined.pathAndQuery, scripts);
  }

  /** The request id and the client's headers `names` (when given once) for the scripts service; nothing else crosses. */
  requestHeaders(req: Request, res: Response, names: readonly string[]): Record<string, string> {
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: res.locals.requestId as string };
    for (const name of names) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    return headers;
  }

  /** Sets the scripts service's answer's headers `names` on the client's response; the rest stay between the services. */
  passHeaders(upstream: Record<string, string | string[] | undefined>, res: Response, names: readonly string[]): void {
    for (const name of names) {
      const value = upstream[name];
      if (value !== undefined) res.setHeader(name, value);
    }
  }

  /** Answers a relay whose call to the scripts service failed: 502 before the answer began, a cut connection after. */
  unavailable(res: Response, close = false): void {
    if (!res.headersSent) refuse(res, SCRIPTS_UNAVAILABLE, close);
    else res.destroy();
  }

  /**
   * Mounts `relay` for `methods` under `/files`. Mounted with `use` rather than
   * `get('/files/*path')`: express would decode the path itself, and answer a malformed
   * percent-escape with its own error page, before the confinement.
   */
  mount(service: HttpService, methods: readonly string[], relay: (req: Request, res: Response) => Promise<void>): void {
    service.app.use('/files', (req, res, next) => {
      if (!methods.includes(req.method)) return next();
      void relay(req, res);
    });
  }
}

/**
 * Answers `refusal`. `close` ends the connection after it: for an upload whose body is still
 * coming, which is not worth reading to the end.
 */
function refuse(res: Response, refusal: RelayRefusal, close: boolean): void {
  if (close) res.setHeader('connection', 'close');
  res.status(refusal.status).json({ error: refusal.error, code: refusal.code });
}
