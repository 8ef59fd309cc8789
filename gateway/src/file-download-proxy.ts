import { pipeline } from 'node:stream/promises';
import { REQUEST_ID_HEADER, type HttpService, type Logger } from '@etl/kit';
import type { Request, Response } from 'express';
import { Agent, request } from 'undici';
import { confineDownloadPath } from './download-path.js';

/** Response headers of a download that reach the client; the rest stay between the services. */
const PASSED_HEADERS = [
  'content-type',
  'content-length',
  'content-disposition',
  'cache-control',
  'x-content-type-options',
  'last-modified',
  'etag',
  'accept-ranges',
  'content-range',
];
/** Request headers of a download the scripts service reads: byte ranges. */
const FORWARDED_REQUEST_HEADERS = ['range', 'if-range'];

/**
 * Serves `/files/…` on the gateway's public address by relaying it to the scripts subgraph,
 * which checks the link's signature and expiry and streams the file. Only the path and query go
 * through: a signed link needs no token, and the client's cookies and credentials stay here. The
 * path is confined to `/files/<key>` first (`confineDownloadPath`): nothing else of the service is
 * reachable through the relay.
 */
export function mountFileDownloads(
  service: HttpService,
  scriptsUrl: () => string | undefined,
  timeoutMs: number,
  logger: Logger,
): void {
  const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const relay = async (req: Request, res: Response): Promise<void> => {
    const target = scriptsUrl();
    const requestId = res.locals.requestId as string;
    if (!target) {
      res.status(503).json({ error: 'the scripts service is not configured' });
      return;
    }
    const confined = confineDownloadPath(req.originalUrl);
    if (confined.kind === 'refused') {
      res.status(confined.status).json({ error: confined.error, code: confined.code });
      return;
    }
    try {
      const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await request(new URL(confined.pathAndQuery, target), {
        method: req.method === 'HEAD' ? 'HEAD' : 'GET',
        headers,
        dispatcher: agent,
      });
      res.status(upstream.statusCode);
      for (const name of PASSED_HEADERS) {
        const value = upstream.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      // A client that goes away mid-download ends the relay; nothing more to report.
      await pipeline(upstream.body, res).catch(() => undefined);
    } catch (error) {
      logger.error({ err: error, requestId }, 'file download relay failed');
      if (!res.headersSent) res.status(502).json({ error: 'the scripts service is unavailable' });
      else res.destroy();
    }
  };
  // Mounted with `use` rather than `get('/files/*path')`: express would decode the path itself
  // and answer a malformed percent-escape with its own error page before the confinement.
  service.app.use('/files', (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    void relay(req, res);
  });
}
