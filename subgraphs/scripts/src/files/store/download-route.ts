import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { HttpService } from '@etl/kit';
import { attachmentDisposition } from '../file-keys.js';
import { parseRange, type RangeRequest } from './byte-range.js';
import { parseFileRoute, refuse, single } from './file-route-http.js';
import type { LinkSigner } from './link-signature.js';
import type { LocalFileStore } from './local-file-store.js';

/** Where the local store's download links point: `/files/<key>?expires=…&signature=…`. */
export const DOWNLOAD_ROUTE = '/files';

/**
 * Serves the local store's signed download links with GET and HEAD, and single byte ranges. Mounted with `use` rather
 * than `get('/files/*key')` because express would decode the key itself and answer a malformed
 * percent-escape with its own error page; this route reads the raw path and says 400.
 */
export function mountDownloadRoute(service: HttpService, store: LocalFileStore, signer: LinkSigner): void {
  service.app.use(DOWNLOAD_ROUTE, async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    await serveDownload(req, res, store, signer);
  });
}

async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalFileStore,
  signer: LinkSigner,
): Promise<void> {
  const { key, query } = parseFileRoute(req);
  if (key === null) return refuse(res, 400, 'malformed file key');
  const check = signer.verify(key, single(query, 'expires'), single(query, 'signature'));
  if (check !== 'valid') return refuse(res, 403, check === 'expired' ? 'link expired' : 'invalid signature');
  const opened = await store.open(key);
  if (!opened) return refuse(res, 404, 'file not found');
  const { info, handle } = opened;
  const size = (await handle.stat()).size;
  const lastModified = info.createdAt.toUTCString();
  const wanted = rangeWanted(req, size, lastModified);
  if (wanted.kind === 'unsatisfiable') {
    await handle.close();
    return refuse(res, 416, 'range not satisfiable', { headers: { 'Content-Range': `bytes */${size}` } });
  }
  const range = wanted.kind === 'partial' ? wanted.range : null;
  const remainingSeconds = Number(query.get('expires')) - Math.floor(Date.now() / 1000);
  res.writeHead(range ? 206 : 200, {
    'Content-Type': info.contentType,
    'Content-Length': range ? range.end - range.start + 1 : size,
    ...(range ? { 'Content-Range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    'Accept-Ranges': 'bytes',
    'Last-Modified': lastModified,
    'Content-Disposition': attachmentDisposition(key),
    'Cache-Control': `private, max-age=${Math.max(0, remainingSeconds)}`,
    'X-Content-Type-Options': 'nosniff',
    // Should a browser render it anyway (an HTML file opened in a tab), it runs nothing.
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  try {
    await pipeline(handle.createReadStream(range ?? {}), res);
  } catch {
    // The client went away or the file could not be read half-way: nothing left to tell it.
    res.destroy();
  }
}

/**
 * The range to serve. An `If-Range` that is not the file's Last-Modified means the client's copy
 * is of another file: it gets the whole one (files are never rewritten, but keys can be reused
 * after a delete).
 */
function rangeWanted(req: IncomingMessage, size: number, lastModified: string): RangeRequest {
  const ifRange = req.headers['if-range'];
  if (ifRange !== undefined && ifRange !== lastModified) return { kind: 'whole' };
  return parseRange(req.headers.range, size);
}
