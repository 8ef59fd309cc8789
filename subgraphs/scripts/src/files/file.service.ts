import { NotFoundError, PayloadTooLargeError, UserInputError } from '@etl/kit';
import { assertFileKey, assertFileName, assertFilePrefix, contentTypeFor, newUploadKey } from './file-keys.js';
import type { FileStore, StoredFileInfo } from './store/file-store.js';
import type { UploadFileInput } from './upload-file.input.js';

/** Padded standard base64; one character class, as a repeated group overflows V8's regex stack on MiBs. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const DEFAULT_FILES = 100;
export const MAX_FILES = 1000;

export interface FileServiceOptions {
  maxFileBytes: number;
  urlTtlSeconds: number;
  /** FILES_PUBLIC_URL: the gateway's public address, when the forwarded one is not to be used. */
  publicUrl?: string;
}

/** The file store as the API uses it: checked keys, size caps, generated unique keys. */
export class FileService {
  constructor(
    readonly store: FileStore,
    private readonly options: FileServiceOptions,
  ) {}

  async upload(input: UploadFileInput): Promise<StoredFileInfo> {
    // An upload's prefix is whole segments (a trailing `/` is allowed), not a listing's partial one.
    if (input.prefix !== null && input.prefix !== undefined) assertFileKey(input.prefix.replace(/\/$/, ''), 'prefix');
    assertFileName(input.filename, 'filename');
    const key = newUploadKey(input.prefix ?? undefined, input.filename);
    assertFileKey(key, 'prefix');
    const contentType = contentTypeFor(input.filename, input.contentType ?? undefined);
    const encoded = input.contentBase64;
    // The decoded size is known from the length: a file over the cap is refused before decoding.
    const size = Math.floor((encoded.length * 3) / 4) - (encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0);
    if (size > this.options.maxFileBytes) {
      throw PayloadTooLargeError.field('contentBase64', size, this.options.maxFileBytes);
    }
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

  list(prefix: string | null | undefined, first: number | null | undefined): Promise<StoredFileInfo[]> {
    const limit = first ?? DEFAULT_FILES;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_FILES) {
      throw new UserInputError(`first must be 1–${MAX_FILES}`, 'first');
    }
    if (prefix) assertFilePrefix(prefix, 'prefix');
    return this.store.list(prefix ?? '', limit);
  }

  async delete(key: string): Promise<boolean> {
    assertFileKey(key);
    if (!(await this.store.delete(key))) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
    return true;
  }

  async contentBase64(key: string): Promise<string> {
    const content = await this.store.read(key);
    if (!content) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
    return content.toString('base64');
  }

  /** A time-limited link; `forwardedOrigin` is where the client reached the gateway. */
  downloadUrl(key: string, forwardedOrigin: string): Promise<string> {
    return this.store.downloadUrl(key, {
      expiresInSeconds: this.options.urlTtlSeconds,
      publicOrigin: this.options.publicUrl?.replace(/\/+$/, '') ?? forwardedOrigin,
    });
  }
}
