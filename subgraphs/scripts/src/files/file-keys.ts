import { randomBytes } from 'node:crypto';
import mime from 'mime';
import { hasControlCharacter, hasUnstorableText, UserInputError } from '@etl/kit';

/** S3's limit on a key, which the local store keeps too so that both stores accept the same keys. */
export const MAX_KEY_BYTES = 1024;
/** Most filesystems' limit on one name (NAME_MAX): a segment is a folder or file name locally. */
export const MAX_SEGMENT_BYTES = 255;
export const DEFAULT_UPLOAD_PREFIX = 'uploads';
export const FALLBACK_CONTENT_TYPE = 'application/octet-stream';
const MAX_CONTENT_TYPE_LENGTH = 255;

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}([ \\t]*;[ \\t]*${TOKEN}=(${TOKEN}|"[^"\\\\]*"))*$`);

/** Why a segment (a name between slashes) is unusable, or null when it is fine. */
function segmentProblem(segment: string): string | null {
  if (segment === '') return 'empty segment (a leading, trailing or doubled "/")';
  if (segment === '.' || segment === '..') return `"${segment}" segment`;
  if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) return `a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  return null;
}

/** Problems any part of a key may have, wherever it is cut. */
function characterProblem(text: string): string | null {
  if (text.includes('\\')) return 'a backslash';
  if (hasControlCharacter(text)) return 'a control character';
  // NUL is a control character already; a lone surrogate has no UTF-8 form: encodeURIComponent
  // throws on it and filesystems mangle it.
  if (hasUnstorableText(text)) return 'an unpaired surrogate';
  if (Buffer.byteLength(text) > MAX_KEY_BYTES) return `longer than ${MAX_KEY_BYTES} bytes`;
  return null;
}

function malformed(what: string, value: string, problem: string, field: string): UserInputError {
  const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return new UserInputError(`Malformed ${what} ${shown}: ${problem}`, field);
}

/**
 * A file key is `segment(/segment)*`: no leading or trailing `/`, no empty, `.` or `..` segment,
 * no backslash or control character, segments of at most MAX_SEGMENT_BYTES and the whole at most
 * MAX_KEY_BYTES bytes of UTF-8. Both stores accept exactly these keys, and a key is always a safe relative path.
 */
export function assertFileKey(key: string, field = 'key'): void {
  const problem = characterProblem(key) ?? firstSegmentProblem(key.split('/'));
  if (problem) throw malformed('file key', key, problem, field);
}

/** Whether `key` is a valid key: for keys found in storage, where a bad one is skipped, not an error. */
export function isFileKey(key: string): boolean {
  return !characterProblem(key) && !firstSegmentProblem(key.split('/'));
}

function firstSegmentProblem(segments: string[]): string | null {
  for (const segment of segments) {
    const problem = segmentProblem(segment);
    if (problem) return problem;
  }
  return null;
}

/**
 * A listing prefix is any string prefix of a valid key (`geo`, `uploads/`, `uploads/01`, or empty
 * for everything): the segments it completes (those followed by `/`) follow the key rules, and
 * the unfinished last one only filters names, so it may be empty or look like `..`.
 */
export function assertFilePrefix(prefix: string, field = 'prefix'): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  const unfinished = segments.pop() ?? '';
  const problem =
    characterProblem(prefix) ??
    firstSegmentProblem(segments) ??
    (Buffer.byteLength(unfinished) > MAX_SEGMENT_BYTES ? `a segment longer than ${MAX_SEGMENT_BYTES} bytes` : null);
  if (problem) throw malformed('file prefix', prefix, problem, field);
}

/** A file name is one segment of a key: no `/` at all. */
export function assertFileName(name: string, field = 'filename'): void {
  const problem = name.includes('/') ? 'a "/"' : (characterProblem(name) ?? segmentProblem(name));
  if (problem) throw malformed('file name', name, problem, field);
}

/**
 * The key of a new upload: `<prefix>/<uuid>/<filename>`. The fresh folder keeps the name the
 * client gave (a run places the file as `in/<filename>`), and a UUIDv7 makes uploads under one
 * prefix list oldest first. A trailing `/` on the prefix is ignored (`geo/` is `geo`).
 */
export function newUploadKey(prefix: string | undefined, filename: string): string {
  const folder = prefix === undefined ? DEFAULT_UPLOAD_PREFIX : prefix.replace(/\/$/, '');
  assertFileKey(folder, 'prefix');
  assertFileName(filename);
  const key = `${folder}/${uuidV7()}/${filename}`;
  // Only a long prefix can do this: the default one and a 255-byte name make 300 bytes.
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) {
    throw new UserInputError(
      `The prefix and file name make a key of ${Buffer.byteLength(key)} bytes; the limit is ${MAX_KEY_BYTES}`,
      'prefix',
    );
  }
  return key;
}

/** A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits; sorts by creation time. */
export function uuidV7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The last segment of a key: the name a run and a download give the file. */
export function fileBaseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/**
 * The content type to store: the client's when it gave one (it must look like `type/subtype`,
 * parameters allowed, since it is replayed as a response header), else a guess from the file
 * name's extension, else `application/octet-stream`.
 */
export function contentTypeFor(name: string, given?: string | null): string {
  const trimmed = given?.trim();
  if (trimmed) {
    if (trimmed.length > MAX_CONTENT_TYPE_LENGTH || hasControlCharacter(trimmed) || !MIME_TYPE.test(trimmed)) {
      throw malformed('content type', trimmed, 'expected a MIME type such as "text/csv"', 'contentType');
    }
    return trimmed;
  }
  return mime.getType(name) ?? FALLBACK_CONTENT_TYPE;
}

/** The `Content-Disposition` of a download: an attachment under the key's base name (RFC 6266/8187). */
export function attachmentDisposition(key: string): string {
  const encoded = encodeURIComponent(fileBaseName(key)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
