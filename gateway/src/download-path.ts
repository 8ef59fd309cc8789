import { hasControlCharacter } from '@etl/kit';

/** The public prefix of a download link, and the only path the relay passes on. */
export const DOWNLOAD_PREFIX = '/files/';
/** The file store's own limit on a key (S3's), in bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

/** A relayed download: the canonical path and query to ask the scripts service for. */
export interface ConfinedDownload {
  kind: 'confined';
  /** `/files/<key>` with each segment percent-encoded exactly once, and the query as given. */
  pathAndQuery: string;
}

/** Why a request never leaves the gateway: the HTTP status, a code clients can switch on, and a message. */
export interface RefusedDownload {
  kind: 'refused';
  status: 400 | 404;
  code: 'NOT_FOUND' | 'MALFORMED_FILE_PATH';
  error: string;
}

const notADownload: RefusedDownload = {
  kind: 'refused',
  status: 404,
  code: 'NOT_FOUND',
  error: 'not a download link: expected /files/<key>',
};
const malformed: RefusedDownload = {
  kind: 'refused',
  status: 400,
  code: 'MALFORMED_FILE_PATH',
  error: 'malformed file path',
};

/**
 * Confines a raw request target (`req.originalUrl`) to `/files/<valid key>` before it is resolved
 * against the scripts service's URL. The WHATWG URL parser that resolves it treats `%2e%2e` as
 * `..` and an absolute target (`http://elsewhere/files/x`) as another host, so the raw target is
 * taken apart here: every segment must decode, and decoded hold no `/`, `\`, control character,
 * and be neither empty, `.` nor `..`. The path is then encoded again, so what reaches the service
 * is one spelling of one key, whatever escapes the client chose. The scripts service checks the
 * key and the signature again; this only decides what the gateway may reach.
 */
export function confineDownloadPath(rawTarget: string): ConfinedDownload | RefusedDownload {
  if (!rawTarget.startsWith(DOWNLOAD_PREFIX)) return notADownload;
  const queryStart = rawTarget.indexOf('?');
  const rawPath = queryStart < 0 ? rawTarget : rawTarget.slice(0, queryStart);
  const query = queryStart < 0 ? '' : rawTarget.slice(queryStart);
  if (query.includes('#')) return malformed;
  const segments = decodedSegments(rawPath.slice(DOWNLOAD_PREFIX.length));
  if (!segments) return malformed;
  const path = DOWNLOAD_PREFIX + segments.map(encodeURIComponent).join('/');
  return { kind: 'confined', pathAndQuery: path + query };
}

/** The decoded segments of a raw key, or null when one is unusable or the whole is too long. */
function decodedSegments(rawKey: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawKey.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '' || segment === '.' || segment === '..') return null;
    if (segment.includes('/') || segment.includes('\\') || hasControlCharacter(segment)) return null;
    segments.push(segment);
  }
  return Buffer.byteLength(segments.join('/')) > MAX_KEY_BYTES ? null : segments;
}
