import { pipeline } from 'node:stream/promises';
import type { HttpService, Logger } from '@etl/kit';
import type { Request, Response } from 'express';
import { request } from 'undici';
import { ScriptsRelay } from './scripts-relay.js';

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
  const scripts = new ScriptsRelay(scriptsUrl, timeoutMs);
  const relay = async (req: Request, res: Response): Promise<void> => {
    const target = scripts.target(req, res);
    if (!target) return;
    try {
      const upstream = await request(target, {
        method: req.method === 'HEAD' ? 'HEAD' : 'GET',
        headers: scripts.requestHeaders(req, res, FORWARDED_REQUEST_HEADERS),
        dispatcher: scripts.agent,
      });
      res.status(upstream.statusCode);
      scripts.passHeaders(upstream.headers, res, PASSED_HEADERS);
      // A client that goes away mid-download ends the relay; nothing more to report.
      await pipeline(upstream.body, res).catch(() => undefined);
    } catch (error) {
      logger.error({ err: error, requestId: res.locals.requestId as string }, 'file download relay failed');
      scripts.unavailable(res);
    }
  };
  scripts.mount(service, ['GET', 'HEAD'], relay);
}
