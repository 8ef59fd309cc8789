import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { AppError, type HttpService, type Logger } from '@etl/kit';
import { DOWNLOAD_ROUTE } from './download-route.js';
import { parseFileRoute, refuse, single } from './file-route-http.js';
import type { LinkSigner } from './link-signature.js';
import { ContentSizeError, type LocalFileStore } from './local-file-store.js';

/**
 * Receives the local store's signed uploads: `PUT /files/<key>?expires&size&type&signature`, the
 * body relayed by the gateway as it arrives. The body is written to a staged file chunk by chunk
 * (memory stays flat whatever the size) and only becomes the file once exactly `size` bytes came;
 * a body that is longer, shorter or cut off leaves nothing behind.
 *
 * Answers `201 { key, size, contentType, createdAt }`, else `{ error, code }`: 400 BAD_USER_INPUT
 * (malformed key, body shorter than announced), 403 FORBIDDEN (invalid or expired link),
 * 409 CONFLICT (the link was used already), 413 PAYLOAD_TOO_LARGE (more bytes than signed for).
 */
export function mountUploadRoute(
  service: HttpService,
  store: LocalFileStore,
  signer: LinkSigner,
  logger: Logger | undefined,
): void {
  // An upload may take as long as it keeps flowing; only a stalled one is cut.
  service.streamBodies('PUT', DOWNLOAD_ROUTE);
  service.app.use(DOWNLOAD_ROUTE, async (req, res, next) => {
    if (req.method !== 'PUT') return next();
    await receiveUpload(req, res, store, signer).catch((error: unknown) => {
      logger?.error({ err: error, requestId: res.locals.requestId as string }, 'file upload failed');
      if (!res.headersSent) refuse(res, 500, 'the upload could not be stored', { code: 'INTERNAL_SERVER_ERROR' });
      closeAfterAnswer(req, res);
    });
  });
}

async function receiveUpload(
  req: IncomingMessage,
  res: ServerResponse,
  store: LocalFileStore,
  signer: LinkSigner,
): Promise<void> {
  const refused = (status: number, error: string, code: string) => {
    refuse(res, status, error, { code, close: true });
    closeAfterAnswer(req, res);
  };
  const { key, query } = parseFileRoute(req);
  if (key === null) return refused(400, 'malformed file key', 'BAD_USER_INPUT');
  const grant = {
    expires: single(query, 'expires'),
    size: single(query, 'size'),
    type: single(query, 'type'),
    signature: single(query, 'signature'),
  };
  const check = signer.verifyUpload(key, grant);
  if (check !== 'valid') return refused(403, check === 'expired' ? 'link expired' : 'invalid signature', 'FORBIDDEN');
  const size = Number(grant.size);
  const announced = req.headers['content-length'];
  if (announced !== undefined && Number(announced) > size) {
    return refused(413, `the body is ${announced} bytes; the link is for ${size}`, 'PAYLOAD_TOO_LARGE');
  }
  // Through a PassThrough: a failed put destroys its source, and the request itself must stay
  // open long enough to carry the answer.
  const body = new PassThrough({ highWaterMark: 1 << 20 });
  req.pipe(body);
  // A request that closes before its body is complete was cut: nobody is left to answer.
  let cut = false;
  req.once('close', () => {
    if (req.complete) return;
    cut = true;
    body.destroy(new Error('the client went away mid-upload'));
  });
  try {
    const stored = await store.put(key, body, grant.type as string, size);
    const answer = JSON.stringify({ ...stored, createdAt: stored.createdAt.toISOString() });
    res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(answer);
  } catch (error) {
    if (cut) return;
    if (error instanceof ContentSizeError) {
      return error.received === 'more'
        ? refused(413, `more than the ${size} bytes the link is for`, 'PAYLOAD_TOO_LARGE')
        : refused(400, `the body ended after ${error.received} of ${size} bytes`, 'BAD_USER_INPUT');
    }
    if (error instanceof AppError) return refused(error.code === 'CONFLICT' ? 409 : 400, error.message, error.code);
    throw error;
  }
}

/** Ends the connection once the answer is out, so that the rest of a refused body is not read. */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  req.unpipe();
  const close = () => req.socket.destroy();
  if (res.writableFinished) close();
  else res.once('finish', close);
}
