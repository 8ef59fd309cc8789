import type { Readable } from 'node:stream';

/** What the store knows of one file. */
export interface StoredFileInfo {
  /** `prefix/…/name`, validated by `assertFileKey`. */
  key: string;
  /** Bytes. */
  size: number;
  contentType: string;
  createdAt: Date;
}

/** A download link's inputs: how long it works and the client-facing origin of the gateway. */
export interface DownloadUrlOptions {
  expiresInSeconds: number;
  /** `https://etl.example.com`: where the client reached the gateway (local store only). */
  publicOrigin: string;
}

/** A new file the client is about to send: its key (unique, fresh), exact size and content type. */
export interface UploadRequest {
  key: string;
  size: number;
  contentType: string;
}

/** One HTTP request of an upload: where to PUT, with which headers. */
export interface UploadRequestTarget {
  url: string;
  headers: Record<string, string>;
}

/** A part of a multipart upload: bytes `[offset, offset + size)` of the file go to `url`. */
export interface UploadPartTarget extends UploadRequestTarget {
  partNumber: number;
  offset: number;
  size: number;
}

/**
 * Where the client sends a new file: one PUT of the whole content, or (S3, large files) one PUT
 * per part and then `completeUpload` with the parts' ETags.
 */
export type UploadTarget =
  | ({ kind: 'single'; key: string; expiresAt: Date } & UploadRequestTarget)
  | { kind: 'multipart'; key: string; expiresAt: Date; uploadId: string; partSize: number; parts: UploadPartTarget[] };

/** A part the client has sent: its number and the ETag the store answered. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}

/**
 * Where stored files live. Two implementations pass one shared test suite: a local folder and
 * an S3-compatible bucket. Every key given here has been validated by `assertFileKey` already;
 * implementations validate again before touching a path or a bucket (defence in depth).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Fails with a clear message when the folder or bucket cannot be used (checked at start). */
  verify(): Promise<void>;
  /** Stores `content` under `key`, replacing nothing: a key that exists is an error. */
  put(key: string, content: Buffer | Readable, contentType: string, size: number): Promise<StoredFileInfo>;
  head(key: string): Promise<StoredFileInfo | null>;
  /** The whole content, or null when there is no such file. */
  read(key: string): Promise<Buffer | null>;
  /** Streams the content into `destination` (a new file); false when there is no such file. */
  copyToFile(key: string, destination: string): Promise<boolean>;
  /**
   * Files whose key starts with `prefix` (a plain string prefix, as in S3), by key, at most
   * `limit`; none whose key starts with `exclude` (a folder, ending in `/`).
   */
  list(prefix: string, limit: number, exclude?: string): Promise<StoredFileInfo[]>;
  /** True when a file was deleted, false when there was none. */
  delete(key: string): Promise<boolean>;
  /** A link that a plain GET can fetch until it expires. */
  downloadUrl(key: string, options: DownloadUrlOptions): Promise<string>;
  /** Where the client streams a new file; nothing is stored until the transfer is complete. */
  createUpload(upload: UploadRequest, options: DownloadUrlOptions): Promise<UploadTarget>;
  /**
   * Assembles a multipart upload from `parts`, which must be every part in order with the ETags
   * the store gave; the result must be `expectedSize` bytes, else it is removed and refused.
   */
  completeUpload(key: string, uploadId: string, parts: CompletedPart[], expectedSize: number): Promise<StoredFileInfo>;
  /** Drops a multipart upload and the parts sent so far; false when there was none. */
  abortUpload(key: string, uploadId: string): Promise<boolean>;
}
