import { randomBytes } from 'node:crypto';
import { UserInputError } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStore } from '../../src/files/store/s3-file-store.js';
import type { UploadTarget } from '../../src/files/store/file-store.js';
import { BUCKET, startS3 } from './s3rver-fixture.js';
import { rawRequest } from './upload-http.js';

/**
 * The S3 store's upload targets against an S3 look-alike (s3rver on port 0): a presigned PUT is
 * signed for its length, and `completeUpload` refuses a part list that is not the upload's,
 * storing nothing.
 */

const MIB = 1024 * 1024;
const LINK = { expiresInSeconds: 60, publicOrigin: 'http://unused' };

describe('S3 store uploads', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let store: S3FileStore;
  beforeAll(async () => {
    s3 = await startS3();
    store = new S3FileStore({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      multipartThresholdBytes: 5 * MIB,
    });
  });
  afterAll(async () => {
    store?.destroy();
    await s3?.stop();
  });

  const send = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
    rawRequest(url, { method: 'PUT', headers: { ...headers, 'Content-Length': body.length }, chunks: [body] });

  it('presigns one PUT up to the threshold, signed for the exact length', async () => {
    const key = `single/${randomBytes(4).toString('hex')}/a.bin`;
    const target = await store.createUpload({ key, size: 100, contentType: 'text/plain' }, LINK);
    if (target.kind !== 'single') throw new Error('expected a single PUT');
    // S3 refuses a body of another length for this signature; s3rver does not check signed
    // headers, so what can be checked here is that the length is among them.
    expect(new URL(target.url).searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    const content = randomBytes(100);
    expect((await send(target.url, content, target.headers)).status).toBe(200);
    expect(await store.head(key)).toMatchObject({ size: 100, contentType: 'text/plain' });
  });

  async function sendParts(target: UploadTarget, content: Buffer) {
    if (target.kind !== 'multipart') throw new Error('expected a multipart upload');
    const parts = [];
    for (const part of target.parts) {
      const answer = await send(part.url, content.subarray(part.offset, part.offset + part.size), part.headers);
      expect(answer.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: String(answer.headers.etag) });
    }
    return { uploadId: target.uploadId, parts };
  }

  it('completes a multipart upload from every part in order, and refuses any other part list', async () => {
    const size = 17 * MIB + 3;
    const content = randomBytes(size);
    const key = `multi/${randomBytes(4).toString('hex')}/big.bin`;
    const target = await store.createUpload({ key, size, contentType: 'application/octet-stream' }, LINK);
    expect(target).toMatchObject({ kind: 'multipart', partSize: 8 * MIB });
    const { uploadId, parts } = await sendParts(target, content);
    expect(parts).toHaveLength(3);
    const wrongLists = [
      ['a missing part', parts.slice(0, 2), size],
      ['a part twice', [parts[0]!, parts[0]!, parts[1]!], size],
      ['out of order', [parts[1]!, parts[0]!, parts[2]!], size],
      ['an extra part', [...parts, { partNumber: 4, etag: parts[0]!.etag }], size],
      ['a malformed ETag', [parts[0]!, parts[1]!, { partNumber: 3, etag: '<x>' }], size],
      ['another declared size', parts, 30 * MIB],
    ] as const;
    for (const [label, list, declared] of wrongLists) {
      const refused = await store.completeUpload(key, uploadId, [...list], declared).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, label).toBeInstanceOf(UserInputError);
      expect((refused as UserInputError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parts' });
      expect(await store.head(key), label).toBeNull();
    }
    const stored = await store.completeUpload(key, uploadId, parts, size);
    expect(stored).toMatchObject({ key, size });
  });
});
