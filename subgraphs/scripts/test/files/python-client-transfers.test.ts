import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptsStack, type ScriptsTestStack } from '../support/scripts-test-stack.js';
import { BUCKET, letS3rverPaginate, startS3 } from './s3rver-fixture.js';

/**
 * The standard-library client (examples/etl_client.py) streams files both ways through the real
 * gateway: with the local store (one PUT relayed by the gateway) and with S3 (an s3rver started
 * here: a presigned PUT, and a multipart upload above the threshold), byte for byte, with a
 * progress line on stderr; a refusal exits 1 with its code.
 */

const client = fileURLToPath(new URL('../../../../examples/etl_client.py', import.meta.url));
const MIB = 1024 * 1024;

async function python(stack: ScriptsTestStack, cwd: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      'python3',
      [client, '--url', stack.gatewayUrl, '--login', 'admin', ...args],
      { cwd, env: { ...process.env, ETL_PASSWORD: 'admin-password-for-tests' }, maxBuffer: 16 * MIB },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

function describeTransfers(store: string, env: () => Promise<{ env: Record<string, string>; stop(): Promise<void> }>) {
  describe(`the Python client streams files, ${store} store`, () => {
    let stack: ScriptsTestStack;
    let work: string;
    let stopStore: () => Promise<void>;
    beforeAll(async () => {
      const started = await env();
      stopStore = started.stop;
      stack = await startScriptsStack({ MAX_FILE_SIZE: String(12 * MIB), ...started.env });
      work = await mkdtemp(join(tmpdir(), 'etl-client-transfers-'));
    });
    afterAll(async () => {
      await stack?.stop();
      await stopStore?.();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it.each([
      ['an empty file', 0],
      ['a file of 3 MiB', 3 * MIB + 5],
      ['a file of 11 MiB (multipart with S3)', 11 * MIB + 3],
    ])('uploads and downloads %s byte for byte', async (_label, size) => {
      const content = randomBytes(size);
      const name = `data-${size}.bin`;
      await writeFile(join(work, name), content);
      const put = await python(stack, work, 'put', name, '--prefix', 'transfers');
      expect(put.code, put.stderr).toBe(0);
      const stored = JSON.parse(put.stdout);
      expect(stored).toMatchObject({ size, contentType: 'application/octet-stream' });
      expect(stored.key).toMatch(new RegExp(`^transfers/[^/]+/${name.replace('.', '\\.')}$`));
      expect(put.stderr).toMatch(new RegExp(`${name}: [\\d.]+ / [\\d.]+ MiB 100%`));
      const got = await python(stack, work, 'get', stored.key, '--out', `back-${name}`);
      expect(got.code, got.stderr).toBe(0);
      expect((await readFile(join(work, `back-${name}`))).equals(content)).toBe(true);
    });

    it('exits 1 with PAYLOAD_TOO_LARGE for a file above MAX_FILE_SIZE, sending nothing', async () => {
      await writeFile(join(work, 'huge.bin'), Buffer.alloc(12 * MIB + 1));
      const put = await python(stack, work, '--quiet', 'put', 'huge.bin', '--prefix', 'huge');
      expect(put.code).toBe(1);
      expect(put.stderr).toMatch(/^PAYLOAD_TOO_LARGE: size is 12582913 bytes; the limit is 12582912 bytes/m);
      const listed = await stack.request('{ files(prefix: "huge/") { key } }', { token: await stack.adminToken() });
      expect(listed.data).toEqual({ files: [] });
    });
  });
}

describeTransfers('local', async () => ({ env: {}, stop: async () => {} }));

describeTransfers('S3', async () => {
  const restoreCrypto = letS3rverPaginate();
  const s3 = await startS3();
  return {
    env: {
      FILE_STORE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: BUCKET,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_MULTIPART_THRESHOLD: String(10 * MIB),
    },
    stop: async () => {
      await s3.stop();
      restoreCrypto();
    },
  };
});
