import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { HttpService } from '@etl/kit';
import { assertFileKey, attachmentDisposition } from '../file-keys.js';
import type { DownloadSigner } from './download-signature.js';
import type { LocalFileStore } from './local-file-store.js';

/** Where the local store's download links point: `/files/<key>?expires=…&signature=…`. */
export const DOWNLOAD_ROUTE = '/files';

/**
 * Serves the local store's signed download links with GET and HEAD. Mounted with `use` rather
 * than `get('/files/*key')` because express would decode the key itself and answer a malformed
 * percent-escape with its own error page; this route reads the raw path and says 400.
 */
export function mountDownloadRoute(service: HttpService, store: LocalFileStore, signer: DownloadSigner): void {
  service.app.use(DOWNLOAD_ROUTE, async (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    await serveDownload(req, res, store, signer);
  });
}

async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalFileStore,
  signer: DownloadSigner,
): Promise<void> {
  const url = req.url ?? '/';
  const queryStart = url.indexOf('?');
  const key = keyFromPath(queryStart < 0 ? url : url.slice(0, queryStart));
  if (key === null) return refuse(res, 400, 'malformed file key');
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1));
  const check = signer.verify(key, single(query, 'expires'), single(query, 'signature'));
  if (check !== 'valid') return refuse(res, 403, check === 'expired' ? 'link expired' : 'invalid signature');
  const opened = await store.open(key);
  if (!opened) return refuse(res, 404, 'file not found');
  const { info, handle } = opened;
  const remainingSeconds = Number(query.get('expires')) - Math.floor(Date.now() / 1000);
  res.writeHead(200, {
    'Content-Type': info.contentType,
    'Content-Length': (await handle.stat()).size,
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
    await pipeline(handle.createReadStream(), res);
  } catch {
    // The client went away or the file could not be read half-way: nothing left to tell it.
    res.destroy();
  }
}

/**
 * The key in a raw path (`/uploads/…/a%20b.csv`), or null when it is malformed: an escape that
 * does not decode, an escaped `/` (our links never have one), or anything `assertFileKey` refuses.
 */
function keyFromPath(rawPath: string): string | null {
  try {
    const segments = rawPath.replace(/^\//, '').split('/').map(decodeURIComponent);
    if (segments.some((segment) => segment.includes('/'))) return null;
    const key = segments.join('/');
    assertFileKey(key);
    return key;
  } catch {
    return null;
  }
}

/** A query parameter given exactly once; repeated or missing is undefined (an invalid link). */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function refuse(res: ServerResponse, status: number, error: string): void {
  const body = JSON.stringify({ error });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
