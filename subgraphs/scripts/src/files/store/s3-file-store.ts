import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { ConfigError, ConflictError, NotFoundError, UserInputError } from '@etl/kit';
import {
  FALLBACK_CONTENT_TYPE,
  assertFileKey,
  assertFilePrefix,
  attachmentDisposition,
  isFileKey,
} from '../file-keys.js';
import type {
  CompletedPart,
  DownloadUrlOptions,
  FileStore,
  StoredFileInfo,
  UploadRequest,
  UploadTarget,
} from './file-store.js';
import {
  MAX_SINGLE_PUT_BYTES,
  type S3UploadClients,
  abortMultipart,
  checkPartList,
  completeMultipart,
  presignedMultipart,
  presignedPut,
} from './s3-multipart.js';
import { streamToNewFile } from './stream-to-new-file.js';

export interface S3FileStoreOptions {
  bucket: string;
  region: string;
  /** Unset for AWS S3 itself. */
  endpoint?: string;
  /** The endpoint named in presigned links, when clients reach the service at another address. */
  publicEndpoint?: string;
  forcePathStyle: boolean;
  /** Unset: the SDK's default chain (environment, shared profile, instance or pod role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Uploads larger than this are multipart (presigned part URLs); at most 5 GiB. */
  multipartThresholdBytes: number;
}

const MAX_LIST_PAGE = 1000;
// HEADs in flight at once while listing: enough to hide latency, few enough to spare the service.
const HEAD_PARALLELISM = 8;

/**
 * Files in an S3-compatible bucket: the content type is the object's Content-Type and the
 * creation time its Last-Modified (objects are never rewritten, so the two agree).
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly signingClient: S3Client;

  constructor(private readonly options: S3FileStoreOptions) {
    this.client = makeClient(options, options.endpoint);
    // Signing needs no connection: this client only names the public host in the links.
    this.signingClient = options.publicEndpoint ? makeClient(options, options.publicEndpoint) : this.client;
  }

  async verify(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const where = this.options.endpoint ? new URL(this.options.endpoint).host : `AWS (${this.options.region})`;
      throw new ConfigError([`S3_BUCKET: cannot use bucket "${this.options.bucket}" at ${where}: ${why(error)}`]);
    }
  }

  /**
   * `If-None-Match: *` makes the PUT itself refuse an existing key on AWS S3 and recent MinIO or
   * Ceph. Others (s3rver, older MinIO) ignore it, so a HEAD checks first; the gap between the two
   * only matters for two puts of one key at once, and keys carry a fresh UUID.
   */
  async put(key: string, content: Buffer | Readable, contentType: string, size: number): Promise<StoredFileInfo> {
    assertFileKey(key);
    try {
      if (await this.head(key)) throw keyTaken(key);
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: content,
          ContentType: contentType,
          ContentLength: size,
          IfNoneMatch: '*',
        }),
      );
    } catch (error) {
      if (!Buffer.isBuffer(content)) content.destroy();
      // 412: the object exists; 409: another conditional write of the key is in progress.
      const status = statusOf(error);
      throw status === 412 || status === 409 ? keyTaken(key) : error;
    }
    const stored = await this.head(key);
    if (!stored) throw new Error(`S3 does not show ${JSON.stringify(key)} right after storing it`);
    return stored;
  }

  async head(key: string): Promise<StoredFileInfo | null> {
    assertFileKey(key);
    try {
      const object = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return {
        key,
        size: object.ContentLength ?? 0,
        contentType: object.ContentType ?? FALLBACK_CONTENT_TYPE,
        createdAt: object.LastModified ?? new Date(0),
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async read(key: string): Promise<Buffer | null> {
    const body = await this.body(key);
    if (!body) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async copyToFile(key: string, destination: string): Promise<boolean> {
    const body = await this.body(key);
    if (!body) return false;
    await streamToNewFile(body, destination);
    return true;
  }

  async list(prefix: string, limit: number, exclude?: string): Promise<StoredFileInfo[]> {
    assertFilePrefix(prefix);
    const keys: string[] = [];
    let continuationToken: string | undefined;
    while (keys.length < limit) {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.options.bucket,
          Prefix: prefix || undefined,
          MaxKeys: Math.min(MAX_LIST_PAGE, limit - keys.length),
          ContinuationToken: continuationToken,
        }),
      );
      // Objects another tool put in the bucket under keys this store would refuse are skipped;
      // so is the excluded folder, page by page (look-alikes such as s3rver do not list by bytes,
      // so a StartAfter past the folder could skip keys they list after it).
      for (const object of page.Contents ?? []) {
        const key = object.Key;
        if (key && isFileKey(key) && !(exclude && key.startsWith(exclude))) keys.push(key);
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      if (!continuationToken) break;
    }
    // S3 lists by UTF-8 bytes already; some look-alikes (s3rver) list folder by folder instead.
    const sorted = keys.slice(0, limit).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    // A listing has no content types: each object's HEAD gives it. Deleted meanwhile: left out.
    const infos = await mapWithLimit(sorted, HEAD_PARALLELISM, (key) => this.head(key));
    return infos.filter((info) => info !== null);
  }

  /** S3 deletes a missing key without complaint, so a HEAD tells whether there was one. */
  async delete(key: string): Promise<boolean> {
    if (!(await this.head(key))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
    return true;
  }

  async downloadUrl(key: string, options: DownloadUrlOptions): Promise<string> {
    assertFileKey(key);
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(key),
    });
    return getSignedUrl(this.signingClient, command, { expiresIn: options.expiresInSeconds });
  }

  /** A presigned PUT up to the multipart threshold, else a multipart upload with a presigned URL per part. */
  async createUpload(upload: UploadRequest, options: DownloadUrlOptions): Promise<UploadTarget> {
    assertFileKey(upload.key);
    const expiresAt = new Date((Math.floor(Date.now() / 1000) + options.expiresInSeconds) * 1000);
    const threshold = Math.min(this.options.multipartThresholdBytes, MAX_SINGLE_PUT_BYTES);
    return upload.size <= threshold
      ? presignedPut(this.uploadClients(), upload, options.expiresInSeconds, expiresAt)
      : presignedMultipart(this.uploadClients(), upload, options.expiresInSeconds, expiresAt);
  }

  async completeUpload(
    key: string,
    uploadId: string,
    parts: CompletedPart[],
    expectedSize: number,
  ): Promise<StoredFileInfo> {
    assertFileKey(key);
    const s3 = this.uploadClients();
    if (await this.head(key)) throw keyTaken(key);
    await checkPartList(s3, key, uploadId, parts, expectedSize);
    try {
      await completeMultipart(s3, key, uploadId, parts);
    } catch (error) {
      throw uploadRefusal(error) ?? error;
    }
    const stored = await this.head(key);
    if (!stored) throw new Error(`S3 does not show ${JSON.stringify(key)} right after completing it`);
    if (stored.size !== expectedSize) {
      await this.delete(key);
      throw new UserInputError(`The parts make ${stored.size} bytes, not ${expectedSize}: nothing is stored`, 'parts');
    }
    return stored;
  }

  async abortUpload(key: string, uploadId: string): Promise<boolean> {
    assertFileKey(key);
    try {
      await abortMultipart(this.uploadClients(), key, uploadId);
      return true;
    } catch (error) {
      if (isNotFound(error) || (error as Error).name === 'NoSuchUpload') return false;
      throw error;
    }
  }

  /** Closes the clients' kept-alive connections (at shutdown). */
  destroy(): void {
    this.client.destroy();
    if (this.signingClient !== this.client) this.signingClient.destroy();
  }

  private uploadClients(): S3UploadClients {
    return { client: this.client, signingClient: this.signingClient, bucket: this.options.bucket };
  }

  private async body(key: string): Promise<Readable | null> {
    assertFileKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return (object.Body as Readable | undefined) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

function makeClient(options: S3FileStoreOptions, endpoint: string | undefined): S3Client {
  return new S3Client({
    region: options.region,
    endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // The SDK's default CRC checksums (aws-chunked uploads, checksum mode on GETs and in presigned
    // links) are refused by MinIO-like services and s3rver; only send them where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function keyTaken(key: string): ConflictError {
  return new ConflictError(`A file with the key ${JSON.stringify(key)} already exists`);
}

/** What S3 says of a bad completion, as an error for the caller; null for anything else. */
function uploadRefusal(error: unknown): Error | null {
  const name = (error as Error | undefined)?.name;
  if (name === 'NoSuchUpload') return new NotFoundError('No such multipart upload (completed, aborted or expired)');
  if (name === 'InvalidPart' || name === 'InvalidPartOrder' || name === 'EntityTooSmall') {
    return new UserInputError(`parts: the store refused the part list (${name})`, 'parts');
  }
  return null;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

function isNotFound(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return statusOf(error) === 404 || name === 'NotFound' || name === 'NoSuchKey';
}

/** A reason that helps an operator and carries no secret (the SDK's messages can quote requests). */
function why(error: unknown): string {
  const status = statusOf(error);
  if (status === 404) return 'the bucket does not exist';
  if (status === 403) return 'access denied (check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY)';
  if (status === 301) return 'the bucket is in another region (check S3_REGION)';
  const { code, name } = (error ?? {}) as { code?: string; name?: string };
  return `${code ?? name ?? 'error'}${status ? ` (HTTP ${status})` : ''}`;
}

async function mapWithLimit<T, R>(items: T[], parallelism: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallelism, items.length) }, worker));
  return results;
}
