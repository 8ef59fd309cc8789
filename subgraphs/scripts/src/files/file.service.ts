import { NotFoundError, PayloadTooLargeError, recordAudit, UserInputError, type AuditSource } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertFileKey, assertFileName, assertFilePrefix, contentTypeFor, newUploadKey } from './file-keys.js';
import type { CompleteUploadInput, CreateUploadInput } from './create-upload.input.js';
import type { FileStore, StoredFileInfo, UploadTarget } from './store/file-store.js';
import type { UploadFileInput } from './upload-file.input.js';
import { RUN_FILES_PREFIX } from '../runs/run-access.js';

/** Padded standard base64; one character class, as a repeated group overflows V8's regex stack on MiBs. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const DEFAULT_FILES = 100;
export const MAX_FILES = 1000;

export interface FileServiceOptions {
  /** Streamed uploads and run outputs. */
  maxFileBytes: number;
  /** Base64 inside GraphQL, both ways. */
  maxInlineBytes: number;
  urlTtlSeconds: number;
  uploadTtlSeconds: number;
  /** FILES_PUBLIC_URL: the gateway's public address, when the forwarded one is not to be used. */
  publicUrl?: string;
}

/** The file store as the API uses it: checked keys, size caps, generated unique keys. */
export class FileService {
  constructor(
    readonly store: FileStore,
    private readonly options: FileServiceOptions,
  ) {}

  /** A small file sent whole as base64 (at most MAX_INLINE_FILE_SIZE); larger ones stream via `createUpload`. */
  async upload(input: UploadFileInput): Promise<StoredFileInfo> {
    const { key, contentType } = newUpload(input);
    const encoded = input.contentBase64;
    // The decoded size is known from the length: a file over the cap is refused before decoding.
    const size = Math.floor((encoded.length * 3) / 4) - (encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0);
    const limit = Math.min(this.options.maxInlineBytes, this.options.maxFileBytes);
    if (size > limit) throw PayloadTooLargeError.field('contentBase64', size, limit);
    if (encoded.length % 4 !== 0 || !BASE64.test(encoded)) {
      throw new UserInputError('contentBase64 is not valid base64 (standard alphabet, padded)', 'contentBase64');
    }
    const content = Buffer.from(encoded, 'base64');
    return this.store.put(key, content, contentType, content.length);
  }

  async get(key: string): Promise<StoredFileInfo> {
    assertFileKey(key);
    const info = await this.store.head(key);
    if (!info) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
    return info;
  }

  /**
   * Files under `prefix`; `exclude` decides, once the input is checked, which folder to leave
   * out (the run folders a caller may not read).
   */
  async list(
    prefix: string | null | undefined,
    first: number | null | undefined,
    exclude: (prefix: string) => Promise<string | undefined>,
  ): Promise<StoredFileInfo[]> {
    const limit = first ?? DEFAULT_FILES;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FILES) {
      throw new UserInputError(`first must be 1–${MAX_FILES}`, 'first');
    }
    if (prefix) assertFilePrefix(prefix, 'prefix');
    return this.store.list(prefix ?? '', limit, await exclude(prefix ?? ''));
  }

  /**
   * The file goes inside the transaction that records its audit event, which commits after it:
   * a file that is not there records nothing, and one deleted is recorded unless the commit itself
   * fails (the store is not in the database's transaction).
   */
  async delete(em: EntityManager, key: string, source: AuditSource): Promise<boolean> {
    assertFileKey(key);
    await em.transactional(async (tx) => {
      recordAudit(tx, source, { action: 'file.delete', target: { type: 'File', id: key } });
      if (!(await this.store.delete(key))) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
    });
    return true;
  }

  /** Where to stream a new file of the declared size; the key is fresh, so nothing is replaced. */
  async createUpload(input: CreateUploadInput, forwardedOrigin: string): Promise<UploadTarget> {
    const { key, contentType } = newUpload(input);
    if (!Number.isSafeInteger(input.size) || input.size < 0) {
      throw new UserInputError('size must be a whole number of bytes, 0 or more', 'size');
    }
    if (input.size > this.options.maxFileBytes) {
      throw PayloadTooLargeError.field('size', input.size, this.options.maxFileBytes);
    }
    return this.store.createUpload(
      { key, size: input.size, contentType },
      { expiresInSeconds: this.options.uploadTtlSeconds, publicOrigin: this.origin(forwardedOrigin) },
    );
  }

  completeUpload(input: CompleteUploadInput): Promise<StoredFileInfo> {
    assertFileKey(input.key);
    assertUploadId(input.uploadId);
    if (!Number.isSafeInteger(input.size) || input.size < 0) {
      throw new UserInputError('size must be a whole number of bytes, 0 or more', 'size');
    }
    if (input.size > this.options.maxFileBytes) {
      throw PayloadTooLargeError.field('size', input.size, this.options.maxFileBytes);
    }
    return this.store.completeUpload(input.key, input.uploadId, input.parts, input.size);
  }

  async abortUpload(key: string, uploadId: string): Promise<boolean> {
    assertFileKey(key);
    assertUploadId(uploadId);
    if (!(await this.store.abortUpload(key, uploadId))) {
      throw new NotFoundError('No such multipart upload (completed, aborted or expired)');
    }
    return true;
  }

  /** The content as base64, for files up to MAX_INLINE_FILE_SIZE: a larger one would sit whole in memory. */
  async contentBase64(key: string): Promise<string> {
    const info = await this.get(key);
    if (info.size > this.options.maxInlineBytes) {
      throw new PayloadTooLargeError(
        `The file is ${info.size} bytes; contentBase64 serves up to ${this.options.maxInlineBytes}: use downloadUrl`,
        this.options.maxInlineBytes,
      );
    }
    const content = await this.store.read(key);
    if (!content) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
    return content.toString('base64');
  }

  /** A time-limited link; `forwardedOrigin` is where the client reached the gateway. */
  downloadUrl(key: string, forwardedOrigin: string): Promise<string> {
    return this.store.downloadUrl(key, {
      expiresInSeconds: this.options.urlTtlSeconds,
      publicOrigin: this.origin(forwardedOrigin),
    });
  }

  private origin(forwardedOrigin: string): string {
    return this.options.publicUrl?.replace(/\/+$/, '') ?? forwardedOrigin;
  }
}

/** The fresh key and content type of a new file, from its prefix, name and optional type. */
function newUpload(input: { prefix?: string | null; filename: string; contentType?: string | null }): {
  key: string;
  contentType: string;
} {
  // An upload's prefix is whole segments (a trailing `/` is allowed), not a listing's partial one.
  if (input.prefix !== null && input.prefix !== undefined) assertFileKey(input.prefix.replace(/\/$/, ''), 'prefix');
  assertFileName(input.filename, 'filename');
  const key = newUploadKey(input.prefix ?? undefined, input.filename);
  assertFileKey(key, 'prefix');
  // A file there would pass for a run's output, readable by that run's starter.
  if (key.startsWith(RUN_FILES_PREFIX)) {
    throw new UserInputError(`${RUN_FILES_PREFIX} holds the output files of runs: upload elsewhere`, 'prefix');
  }
  return { key, contentType: contentTypeFor(input.filename, input.contentType ?? undefined) };
}

/** S3's upload ids are long opaque tokens of URL-safe characters; anything else is not one. */
function assertUploadId(uploadId: string): void {
  if (!/^[A-Za-z0-9._~+/=-]{1,1024}$/.test(uploadId)) {
    throw new UserInputError('Malformed uploadId', 'uploadId');
  }
}
