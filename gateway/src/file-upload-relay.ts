import { pipeline } from 'node:stream/promises';
import { REQUEST_ID_HEADER, type HttpService, type Logger } from '@etl/kit';
import type { Request, Response } from 'express';
import { Agent, request } from 'undici';
import { confineDownloadPath } from './download-path.js';

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
  // bodyTimeout applies to the answer only; headersTimeout starts once the body has been sent,
  // so neither limits how long a large upload may take.
  const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const relay = async (req: Request, res: Response): Promise<void> => {
    const target = scriptsUrl();
    const requestId = res.locals.requestId as string;
    if (!target) {
      res.status(503).json({ error: 'the scripts service is not configured', code: 'SERVICE_UNAVAILABLE' });
      return;
    }
    // Uploads go to the same `/files/<key>` paths as downloads, and are confined the same way.
    const confined = confineDownloadPath(req.originalUrl);
    if (confined.kind === 'refused') {
      res.setHeader('connection', 'close');
      res.status(confined.status).json({ error: confined.error, code: confined.code });
      return;
    }
    const headers: Record<string, string> = { [REQUEST_ID_HEADER]: requestId };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    try {
      const upstream = await request(new URL(confined.pathAndQuery, target), {
        method: 'PUT',
        headers,
        body: req,
        dispatcher: agent,
      });
      res.status(upstream.statusCode);
      for (const name of PASSED_RESPONSE_HEADERS) {
        const value = upstream.headers[name];
        if (value !== undefined) res.setHeader(name, value);
      }
      // A refusal ends the upload: the rest of the client's body is not worth reading.
      if (upstream.statusCode >= 400) res.setHeader('connection', 'close');
      await pipeline(upstream.body, res).catch(() => undefined);
      if (upstream.statusCode >= 400 && !req.readableEnded) res.once('finish', () => req.socket.destroy());
    } catch (error) {
      // The client went away mid-upload: the upstream request was aborted with it.
      if (!req.complete) return;
      logger.error({ err: error, requestId }, 'file upload relay failed');
      if (!res.headersSent) {
        res.setHeader('connection', 'close');
        res.status(502).json({ error: 'the scripts service is unavailable', code: 'SERVICE_UNAVAILABLE' });
      } else res.destroy();
    }
  };
  // An upload may take as long as it keeps flowing; only a stalled one is cut.
  service.streamBodies('PUT', '/files');
  // Mounted with `use`, as downloads are: express would decode the path itself first.
  service.app.use('/files', (req, res, next) => {
    if (req.method !== 'PUT') return next();
    void relay(req, res);
  });
}
