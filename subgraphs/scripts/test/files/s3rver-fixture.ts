import crypto from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export const BUCKET = 'etl-files';

/**
 * s3rver makes the continuation token of a truncated listing with DES, which OpenSSL 3 refuses,
 * so every listing cut by a limit would fail. In this test process DES stands in as AES-128-CBC
 * with the 8-byte key and IV doubled: the tokens stay opaque and decipher back.
 */
export function letS3rverPaginate(): () => void {
  const { createCipheriv, createDecipheriv } = crypto;
  const doubled = (bytes: Buffer) => Buffer.concat([bytes, bytes]);
  const swap =
    (original: any): any =>
    (algorithm: string, key: Buffer, iv: Buffer, ...rest: any[]) =>
      algorithm === 'des' ? original('aes-128-cbc', doubled(key), doubled(iv)) : original(algorithm, key, iv, ...rest);
  crypto.createCipheriv = swap(createCipheriv);
  crypto.createDecipheriv = swap(createDecipheriv);
  return () => {
    crypto.createCipheriv = createCipheriv;
    crypto.createDecipheriv = createDecipheriv;
  };
}

/** An s3rver on a free port with one bucket, in a folder of its own. */
export async function startS3(): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'etl-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
