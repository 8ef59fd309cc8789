import { pipeline } from 'node:stream/promises';
import { REQUEST_ID_HEADER, type HttpService, type Logger } from '@etl/kit';
import type { Request, Response } from 'express';
import { Agent, request } from 'undici';

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
 * through: a signed link needs no token, and the client's cookies and credentials stay here.
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
    try {
      const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const upstream = await request(new URL(req.originalUrl, target), {
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
  service.app.get('/files/*path', (req, res) => void relay(req, res));
}
