import { pipeline } from 'node:stream/promises';
import type { HttpService, Logger } from '@etl/kit';
import type { Request, Response } from 'express';
import { request } from 'undici';
import { ScriptsRelay } from './scripts-relay.js';

/** Request headers of an upload that the scripts service needs; the client's credentials stay here. */
const FORWARDED_REQUEST_HEADERS = ['content-length', 'content-type'];
const PASSED_RESPONSE_HEADERS = ['content-type', 'content-length', 'cache-control', 'x-content-type-options'];

/**
 * Relays the local store's signed uploads, `PUT /files/<key>?…`, to the scripts subgraph, which
 * checks the signature and writes the body to disk as it arrives. The body is piped, never
 * buffered: undici pulls from the client's request only as fast as the scripts service takes it,
 * so memory stays flat for a file of any size. A client that goes away aborts the upstream
 * request, and the scripts service then drops what it had staged.
 */
export function mountFileUploads(
  service: HttpService,
  scriptsUrl: () => string | undefined,
  timeoutMs: number,
  logger: Logger,
): void {
  const scripts = new ScriptsRelay(scriptsUrl, timeoutMs);
  const relay = async (req: Request, res: Response): Promise<void> => {
    // Uploads go to the same `/files/<key>` paths as downloads, and are confined the same way; a
    // refusal closes the connection rather than read the body it refused.
    const target = scripts.target(req, res, true);
    if (!target) return;
    try {
      const upstream = await request(target, {
        method: 'PUT',
        headers: scripts.requestHeaders(req, res, FORWARDED_REQUEST_HEADERS),
        body: req,
        dispatcher: scripts.agent,
      });
      res.status(upstream.statusCode);
      scripts.passHeaders(upstream.headers, res, PASSED_RESPONSE_HEADERS);
      // A refusal ends the upload: the rest of the client's body is not worth reading.
      if (upstream.statusCode >= 400) res.setHeader('connection', 'close');
      await pipeline(upstream.body, res).catch(() => undefined);
      if (upstream.statusCode >= 400 && !req.readableEnded) res.once('finish', () => req.socket.destroy());
    } catch (error) {
      // The client went away mid-upload: the upstream request was aborted with it.
      if (!req.complete) return;
      logger.error({ err: error, requestId: res.locals.requestId as string }, 'file upload relay failed');
      scripts.unavailable(res, true);
    }
  };
  // An upload may take as long as it keeps flowing; only a stalled one is cut.
  service.streamBodies('PUT', '/files');
  scripts.mount(service, ['PUT'], relay);
}
