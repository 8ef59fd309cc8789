import { ConfigError } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3FileStore, type S3FileStoreOptions } from '../../src/files/store/s3-file-store.js';
import { describeFileStore } from './file-store-suite.js';
import { BUCKET, letS3rverPaginate, startS3 } from './s3rver-fixture.js';

function storeOptions(endpoint: string, overrides: Partial<S3FileStoreOptions> = {}): S3FileStoreOptions {
  return {
    bucket: BUCKET,
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    // s3rver's built-in account.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    multipartThresholdBytes: 64 * 1024 * 1024,
    ...overrides,
  };
}

describeFileStore('S3', async () => {
  const restoreCrypto = letS3rverPaginate();
  const s3 = await startS3();
  const store = new S3FileStore(storeOptions(s3.endpoint));
  return {
    store,
    publicOrigin: 'http://not-used-by-s3.invalid',
    stop: async () => {
      store.destroy();
      await s3.stop();
      restoreCrypto();
    },
  };
});

describe('the S3 file store against its service', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('names the bucket, and no secret, when the bucket cannot be used', async () => {
    const store = new S3FileStore(storeOptions(s3.endpoint, { bucket: 'no-such-bucket' }));
    try {
      await expect(store.verify()).rejects.toThrow(ConfigError);
      const message = await store.verify().catch((error: Error) => error.message);
      expect(message).toMatch(
        /S3_BUCKET: cannot use bucket "no-such-bucket" at 127\.0\.0\.1:\d+: the bucket does not exist/,
      );
      expect(message).not.toContain('S3RVER');
    } finally {
      store.destroy();
    }
  });

  it('says why when the service cannot be reached', async () => {
    const store = new S3FileStore(storeOptions('http://127.0.0.1:1', { bucket: BUCKET }));
    try {
      await expect(store.verify()).rejects.toThrow(/cannot use bucket "etl-files" at 127\.0\.0\.1:1: ECONNREFUSED/);
    } finally {
      store.destroy();
    }
  });

  it('signs links for the public endpoint while talking to the private one', async () => {
    const store = new S3FileStore(storeOptions(s3.endpoint, { publicEndpoint: 'https://files.example.com' }));
    try {
      await store.put('public/a b.txt', Buffer.from('hello'), 'text/plain', 5);
      const link = new URL(await store.downloadUrl('public/a b.txt', { expiresInSeconds: 120, publicOrigin: '' }));
      expect(link.origin).toBe('https://files.example.com');
      expect(link.pathname).toBe(`/${BUCKET}/public/a%20b.txt`);
      expect(link.searchParams.get('X-Amz-Expires')).toBe('120');
      expect(link.searchParams.get('response-content-disposition')).toBe("attachment; filename*=UTF-8''a%20b.txt");
      // No checksum mode in the link: MinIO-likes refuse it.
      expect(link.searchParams.has('x-amz-checksum-mode')).toBe(false);
      expect((await store.read('public/a b.txt'))?.toString()).toBe('hello');
    } finally {
      store.destroy();
    }
  });

  it('skips objects another tool stored under keys the store would refuse', async () => {
    const store = new S3FileStore(storeOptions(s3.endpoint));
    const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const raw = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: storeOptions('').credentials!,
    });
    try {
      await raw.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'foreign/back\\slash', Body: 'x' }));
      await store.put('foreign/ok.txt', Buffer.from('ok'), 'text/plain', 2);
      expect((await store.list('foreign/', 10)).map((info) => info.key)).toEqual(['foreign/ok.txt']);
    } finally {
      raw.destroy();
      store.destroy();
    }
  });
});
