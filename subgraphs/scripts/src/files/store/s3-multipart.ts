import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { UserInputError } from '@etl/kit';
import type { CompletedPart, UploadPartTarget, UploadRequest, UploadTarget } from './file-store.js';

const MIB = 1024 * 1024;
/** S3 takes parts of 5 MiB at least (but the last) and 10,000 parts at most. */
const MIN_PART_BYTES = 8 * MIB;
const MAX_PARTS = 10_000;
/** The largest object one S3 PUT may store. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 * MIB;

/**
 * The part size of a multipart upload of `size` bytes: 8 MiB, or whole MiBs enough to stay under
 * 10,000 parts. A pure function of the size, so that `completeUpload` knows how many parts to
 * expect from the size alone.
 */
export function partSizeFor(size: number): number {
  return Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MIB) * MIB);
}

export function partCountFor(size: number): number {
  return Math.max(1, Math.ceil(size / partSizeFor(size)));
}

export interface S3UploadClients {
  client: S3Client;
  signingClient: S3Client;
  bucket: string;
}

/**
 * A presigned PUT whose signature covers the length and the content type: S3 refuses a body of
 * any other size, so the declared size is the stored size.
 */
export async function presignedPut(
  s3: S3UploadClients,
  upload: UploadRequest,
  expiresIn: number,
  expiresAt: Date,
): Promise<UploadTarget> {
  const command = new PutObjectCommand({
    Bucket: s3.bucket,
    Key: upload.key,
    ContentType: upload.contentType,
    ContentLength: upload.size,
  });
  const url = await getSignedUrl(s3.signingClient, command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
  return { kind: 'single', key: upload.key, expiresAt, url, headers: { 'Content-Type': upload.contentType } };
}

/** Starts a multipart upload and presigns a PUT per part, each signed for its exact length. */
export async function presignedMultipart(
  s3: S3UploadClients,
  upload: UploadRequest,
  expiresIn: number,
  expiresAt: Date,
): Promise<UploadTarget> {
  const created = await s3.client.send(
    new CreateMultipartUploadCommand({ Bucket: s3.bucket, Key: upload.key, ContentType: upload.contentType }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('S3 started a multipart upload without an upload id');
  const partSize = partSizeFor(upload.size);
  const parts = await Promise.all(
    Array.from({ length: partCountFor(upload.size) }, async (_, index): Promise<UploadPartTarget> => {
      const offset = index * partSize;
      const size = Math.min(partSize, upload.size - offset);
      const command = new UploadPartCommand({
        Bucket: s3.bucket,
        Key: upload.key,
        UploadId: uploadId,
        PartNumber: index + 1,
        ContentLength: size,
      });
      const url = await getSignedUrl(s3.signingClient, command, {
        expiresIn,
        signableHeaders: new Set(['content-length']),
      });
      return { partNumber: index + 1, offset, size, url, headers: {} };
    }),
  );
  return { kind: 'multipart', key: upload.key, expiresAt, uploadId, partSize, parts };
}

/**
 * Refuses a part list that is not every part of an upload of `size` bytes, numbered 1…n in
 * order, each with an ETag; where the service lists parts (AWS S3, MinIO), each ETag and size
 * must also be those of the part it holds.
 */
export async function checkPartList(
  s3: S3UploadClients,
  key: string,
  uploadId: string,
  parts: CompletedPart[],
  size: number,
): Promise<void> {
  const expected = partCountFor(size);
  const numbered = parts.every((part, index) => part.partNumber === index + 1);
  if (parts.length !== expected || !numbered) {
    throw new UserInputError(
      `parts must be the ${expected} part(s) of a ${size}-byte upload, numbered 1 to ${expected} in order`,
      'parts',
    );
  }
  if (parts.some((part) => !/^"?[0-9A-Za-z-]{1,64}"?$/.test(part.etag))) {
    throw new UserInputError('parts: an ETag is malformed (expected the ETag header the part PUT answered)', 'parts');
  }
  const held = await listedParts(s3, key, uploadId);
  if (!held) return;
  const partSize = partSizeFor(size);
  for (const part of parts) {
    const stored = held.get(part.partNumber);
    const length = Math.min(partSize, size - (part.partNumber - 1) * partSize);
    if (!stored || unquoted(stored.etag) !== unquoted(part.etag) || stored.size !== length) {
      throw new UserInputError(`parts: part ${part.partNumber} is not the one the store holds`, 'parts');
    }
  }
}

/** The parts the service holds, or null when it cannot list them (s3rver). */
async function listedParts(
  s3: S3UploadClients,
  key: string,
  uploadId: string,
): Promise<Map<number, { etag: string; size: number }> | null> {
  const held = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  try {
    do {
      const page = await s3.client.send(
        new ListPartsCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }),
      );
      for (const part of page.Parts ?? []) {
        held.set(part.PartNumber ?? 0, { etag: part.ETag ?? '', size: part.Size ?? -1 });
      }
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (error) {
    if (isUnsupported(error)) return null;
    throw error;
  }
  return held;
}

export async function completeMultipart(
  s3: S3UploadClients,
  key: string,
  uploadId: string,
  parts: CompletedPart[],
): Promise<void> {
  await s3.client.send(
    new CompleteMultipartUploadCommand({
      Bucket: s3.bucket,
      Key: key,
      UploadId: uploadId,
      MultipartUpload: { Parts: parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag })) },
    }),
  );
}

export async function abortMultipart(s3: S3UploadClients, key: string, uploadId: string): Promise<void> {
  await s3.client.send(new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId }));
}

function unquoted(etag: string): string {
  return etag.replace(/"/g, '');
}

/** The service does not implement the call: 501, or s3rver's 405 for a sub-resource it lacks. */
function isUnsupported(error: unknown): boolean {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = (error as Error).name;
  return status === 501 || status === 405 || name === 'NotImplemented' || name === 'MethodNotAllowed';
}
