import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCode, type HttpService } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/files/store/file-store.js';

/** A store to run the shared cases on, and how to get rid of it. */
export interface FileStoreUnderTest {
  store: FileStore;
  /** The origin the local store's links name (the test's own server); S3 links ignore it. */
  publicOrigin: string;
  stop(): Promise<void>;
}

const MiB = 1024 * 1024;

/**
 * Stops a test's server at once. A response the test has just read may not count as finished on
 * the server side yet, and `close` would then wait out the keep-alive timeout for its connection.
 */
export async function stopServer(service: HttpService): Promise<void> {
  service.httpServer.closeAllConnections();
  await service.stop();
}

/**
 * The behaviour every FileStore shares, run against each implementation: a store that passes
 * these can replace the other. Each case works under keys of its own, on one store.
 */
export function describeFileStore(name: string, makeStore: () => Promise<FileStoreUnderTest>): void {
  describe(`the ${name} file store`, () => {
    let subject: FileStoreUnderTest;
    let store: FileStore;
    let scratch: string;

    beforeAll(async () => {
      subject = await makeStore();
      store = subject.store;
      await store.verify();
      scratch = await mkdtemp(join(tmpdir(), 'etl-file-store-suite-'));
    });
    afterAll(async () => {
      await subject?.stop();
      if (scratch) await rm(scratch, { recursive: true, force: true });
    });

    const fresh = (label: string) => `suite/${label}-${randomUUID()}`;
    const download = async (key: string) =>
      fetch(await store.downloadUrl(key, { expiresInSeconds: 60, publicOrigin: subject.publicOrigin }));
    const put = (key: string, text: string, contentType = 'text/plain') =>
      store.put(key, Buffer.from(text), contentType, Buffer.byteLength(text));

    it('stores, describes, reads, serves and deletes a file', async () => {
      const key = `${fresh('lifecycle')}/report.csv`;
      const content = 'id,name\n1,Ada\n';
      const before = Date.now();
      const stored = await put(key, content, 'text/csv');
      expect(stored).toMatchObject({ key, size: content.length, contentType: 'text/csv' });

      const head = await store.head(key);
      expect(head).toMatchObject({ key, size: content.length, contentType: 'text/csv' });
      // S3's Last-Modified has whole seconds.
      expect(head!.createdAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect((await store.read(key))?.toString()).toBe(content);

      const response = await download(key);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv');
      expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''report.csv");
      expect(await response.text()).toBe(content);

      expect(await store.delete(key)).toBe(true);
      expect(await store.head(key)).toBeNull();
      expect(await store.read(key)).toBeNull();
      expect(await store.delete(key)).toBe(false);
    });

    it('lists by a plain string prefix, by key, up to the limit', async () => {
      const folder = `${fresh('list')}/`;
      const names = ['b/3.txt', 'a/2.txt', 'ab.txt', 'a-x.txt', 'a/1.txt'];
      for (const name of names) await put(`${folder}${name}`, name);
      const listed = async (prefix: string, limit = 100) =>
        (await store.list(`${folder}${prefix}`, limit)).map((info) => info.key.slice(folder.length));

      // A prefix cuts anywhere, and keys sort by bytes: '-' < '/' < 'b'.
      expect(await listed('a')).toEqual(['a-x.txt', 'a/1.txt', 'a/2.txt', 'ab.txt']);
      expect(await listed('a/')).toEqual(['a/1.txt', 'a/2.txt']);
      expect(await listed('')).toEqual(['a-x.txt', 'a/1.txt', 'a/2.txt', 'ab.txt', 'b/3.txt']);
      // s3rver pages folder by folder, not by bytes, so limits are checked where both orders agree
      // (the local store's own test checks a limit across 'a-x' and 'a/').
      expect(await listed('a/', 1)).toEqual(['a/1.txt']);
      expect(await listed('a/', 2)).toEqual(['a/1.txt', 'a/2.txt']);
      expect(await listed('', 0)).toEqual([]);
      expect(await listed('zz')).toEqual([]);
      expect(await listed('a/1.txt/')).toEqual([]);
      const [info] = await store.list(`${folder}ab`, 10);
      expect(info).toMatchObject({ key: `${folder}ab.txt`, size: 6, contentType: 'text/plain' });
      expect(info!.createdAt).toBeInstanceOf(Date);
    });

    it('leaves out a whole folder when asked, with the keys before and after it listed', async () => {
      const folder = `${fresh('exclude')}/`;
      for (const name of ['a.txt', 'runs/1/out/x.txt', 'runs/2/y.txt', 'runs-not.txt', 'z/z.txt']) {
        await put(`${folder}${name}`, name);
      }
      const listed = async (prefix: string, limit = 100) =>
        (await store.list(`${folder}${prefix}`, limit, `${folder}runs/`)).map((info) => info.key.slice(folder.length));
      expect(await listed('')).toEqual(['a.txt', 'runs-not.txt', 'z/z.txt']);
      expect(await listed('r')).toEqual(['runs-not.txt']);
      // s3rver lists folder by folder: the limit is checked where both orders agree.
      expect(await listed('', 1)).toEqual(['a.txt']);
    });

    it('refuses to store over an existing key and keeps the first content', async () => {
      const key = `${fresh('twice')}/data.json`;
      await put(key, '{"first":true}', 'application/json');
      await expect(put(key, '{"second":true}')).rejects.toMatchObject({ extensions: { code: ErrorCode.CONFLICT } });
      expect((await store.read(key))?.toString()).toBe('{"first":true}');
      expect(await store.head(key)).toMatchObject({ contentType: 'application/json', size: 14 });
    });

    it('copies binary content to a new file byte for byte', async () => {
      const key = `${fresh('binary')}/bytes.bin`;
      const bytes = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
      await store.put(key, bytes, 'application/octet-stream', bytes.length);
      const copy = join(scratch, `${randomUUID()}.bin`);
      expect(await store.copyToFile(key, copy)).toBe(true);
      expect(await readFile(copy)).toEqual(bytes);
      expect(await store.read(key)).toEqual(bytes);
      expect(Buffer.from(await (await download(key)).arrayBuffer())).toEqual(bytes);
    });

    it('streams a 5 MiB file in, out to a file and out through its link', async () => {
      const key = `${fresh('large')}/large.bin`;
      const bytes = randomBytes(5 * MiB);
      const chunks = Array.from({ length: 80 }, (_, index) =>
        bytes.subarray(index * 64 * 1024, (index + 1) * 64 * 1024),
      );
      const stored = await store.put(key, Readable.from(chunks), 'application/octet-stream', bytes.length);
      expect(stored.size).toBe(5 * MiB);
      const copy = join(scratch, `${randomUUID()}.bin`);
      expect(await store.copyToFile(key, copy)).toBe(true);
      expect((await stat(copy)).size).toBe(5 * MiB);
      expect((await readFile(copy)).equals(bytes)).toBe(true);
      const response = await download(key);
      expect(response.headers.get('content-length')).toBe(String(5 * MiB));
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('keeps keys with unicode, spaces and URL characters', async () => {
      const folder = `${fresh('unicode')}/dossier été`;
      const key = `${folder}/résumé 文件 #1?&=+%.txt`;
      await put(key, 'bonjour 世界');
      expect((await store.head(key))?.key).toBe(key);
      expect((await store.read(key))?.toString()).toBe('bonjour 世界');
      expect((await store.list(`${folder}/rés`, 10)).map((info) => info.key)).toEqual([key]);
      const response = await download(key);
      expect(await response.text()).toBe('bonjour 世界');
      expect(response.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''r%C3%A9sum%C3%A9%20%E6%96%87%E4%BB%B6%20%231%3F%26%3D%2B%25.txt`,
      );
      expect(await store.delete(key)).toBe(true);
    });

    it('answers a missing key with null and false, and creates no file', async () => {
      const key = `${fresh('missing')}/nothing.txt`;
      const copy = join(scratch, `${randomUUID()}.txt`);
      expect(await store.head(key)).toBeNull();
      expect(await store.read(key)).toBeNull();
      expect(await store.copyToFile(key, copy)).toBe(false);
      await expect(stat(copy)).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await store.delete(key)).toBe(false);
    });

    it('refuses to copy onto an existing file and leaves it alone', async () => {
      const key = `${fresh('occupied')}/a.txt`;
      await put(key, 'stored');
      const copy = join(scratch, `${randomUUID()}.txt`);
      await writeFile(copy, 'already here');
      await expect(store.copyToFile(key, copy)).rejects.toMatchObject({ code: 'EEXIST' });
      expect(await readFile(copy, 'utf8')).toBe('already here');
    });

    it('refuses malformed keys and prefixes in every operation', async () => {
      const badInput = (field: string) => ({ extensions: { code: ErrorCode.BAD_USER_INPUT, field } });
      const options = { expiresInSeconds: 60, publicOrigin: subject.publicOrigin };
      for (const key of ['../escape', '/absolute', 'a//b', 'a/', 'a\\b', 'a/./b', 'line\nbreak']) {
        await expect(store.put(key, Buffer.from('x'), 'text/plain', 1)).rejects.toMatchObject(badInput('key'));
        await expect(store.head(key)).rejects.toMatchObject(badInput('key'));
        await expect(store.read(key)).rejects.toMatchObject(badInput('key'));
        await expect(store.copyToFile(key, join(scratch, 'never'))).rejects.toMatchObject(badInput('key'));
        await expect(store.delete(key)).rejects.toMatchObject(badInput('key'));
        await expect(store.downloadUrl(key, options)).rejects.toMatchObject(badInput('key'));
      }
      for (const prefix of ['../', '/a', 'a//', 'a\\', 'a\u0000']) {
        await expect(store.list(prefix, 10)).rejects.toMatchObject(badInput('prefix'));
      }
    });
  });
}
