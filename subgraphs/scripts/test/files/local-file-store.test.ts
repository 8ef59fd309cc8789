import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ConfigError, ErrorCode, HttpService, createLogger } from '@etl/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountDownloadRoute } from '../../src/files/store/download-route.js';
import { LinkSigner } from '../../src/files/store/link-signature.js';
import { LocalFileStore } from '../../src/files/store/local-file-store.js';
import { describeFileStore, stopServer } from './file-store-suite.js';

describeFileStore('local', async () => {
  const root = await mkdtemp(join(tmpdir(), 'etl-local-files-'));
  const signer = new LinkSigner(randomBytes(32));
  const store = new LocalFileStore(root, signer);
  const service = new HttpService(createLogger('test', 'silent'));
  mountDownloadRoute(service, store, signer);
  const { url } = await service.listen('127.0.0.1', 0);
  return {
    store,
    publicOrigin: url,
    stop: async () => {
      await stopServer(service);
      await rm(root, { recursive: true, force: true });
    },
  };
});

describe('the local file store on disk', () => {
  let root: string;
  let outside: string;
  let store: LocalFileStore;
  const put = (key: string, text = 'content') =>
    store.put(key, Buffer.from(text), 'text/plain', Buffer.byteLength(text));
  const conflict = { extensions: { code: ErrorCode.CONFLICT } };

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'etl-local-files-'));
    outside = await mkdtemp(join(tmpdir(), 'etl-outside-'));
    store = new LocalFileStore(root, new LinkSigner(randomBytes(32)));
    await store.verify();
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('keeps content and metadata in two trees and leaves no staged file behind', async () => {
    await put('geo/points.json', '[1,2]');
    expect(await readFile(join(root, 'objects/geo/points.json'), 'utf8')).toBe('[1,2]');
    const meta = JSON.parse(await readFile(join(root, 'meta/geo/points.json'), 'utf8'));
    expect(meta).toMatchObject({ contentType: 'text/plain', size: 5 });
    expect(new Date(meta.createdAt).getTime()).not.toBeNaN();
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('refuses content whose length differs from the size given, and keeps nothing of it', async () => {
    await expect(store.put('short.txt', Buffer.from('abc'), 'text/plain', 4)).rejects.toThrow(/Expected 4 bytes/);
    const tooLong = Readable.from([Buffer.alloc(10), Buffer.alloc(10)]);
    await expect(store.put('long.txt', tooLong, 'text/plain', 15)).rejects.toThrow(/Expected 15 bytes/);
    expect(await store.head('short.txt')).toBeNull();
    expect(await store.head('long.txt')).toBeNull();
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
    expect(await readdir(join(root, 'objects'))).toEqual([]);
  });

  it('lets exactly one of two simultaneous puts of a key win', async () => {
    const results = await Promise.allSettled([put('race/one.txt', 'first'), put('race/one.txt', 'second')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({ reason: conflict });
    expect(['first', 'second']).toContain((await store.read('race/one.txt'))?.toString());
    expect(await readdir(join(root, 'tmp'))).toEqual([]);
  });

  it('stops a listing at its limit in byte order across folders, as S3 does', async () => {
    for (const name of ['a/1', 'a-x', 'ab', 'a/2']) await put(`order/${name}`);
    const listed = async (limit: number) => (await store.list('order/a', limit)).map((info) => info.key);
    expect(await listed(2)).toEqual(['order/a-x', 'order/a/1']);
    expect(await listed(3)).toEqual(['order/a-x', 'order/a/1', 'order/a/2']);
  });

  it('accepts a 255-byte name and a 1024-byte key, as S3 does', async () => {
    const longName = 'n'.repeat(255);
    const longKey = `${'k'.repeat(200)}/`.repeat(4) + 'z'.repeat(1024 - 804);
    expect(Buffer.byteLength(longKey)).toBe(1024);
    await put(`long/${longName}`, 'long name');
    await put(longKey, 'long key');
    expect((await store.read(`long/${longName}`))?.toString()).toBe('long name');
    expect((await store.list('kkk', 10)).map((info) => info.key)).toEqual([longKey]);
  });

  it('cannot hold both "a" and "a/b", like any filesystem, and says so', async () => {
    await put('clash/a');
    await expect(put('clash/a/b')).rejects.toMatchObject(conflict);
    await put('other/a/b');
    await expect(put('other/a')).rejects.toMatchObject(conflict);
    expect(await store.head('other/a')).toBeNull();
    expect(await store.delete('other/a')).toBe(false);
    expect(await store.read('clash/a/b')).toBeNull();
  });

  it('removes the folders a delete empties, and only those', async () => {
    await put('uploads/one/a.txt');
    await put('uploads/two/b.txt');
    await store.delete('uploads/one/a.txt');
    expect(await readdir(join(root, 'objects/uploads'))).toEqual(['two']);
    expect(await readdir(join(root, 'meta/uploads'))).toEqual(['two']);
    await store.delete('uploads/two/b.txt');
    expect(await readdir(join(root, 'objects'))).toEqual([]);
    expect(await readdir(join(root, 'meta'))).toEqual([]);
    await put('uploads/two/c.txt');
    expect((await store.list('uploads/', 10)).map((info) => info.key)).toEqual(['uploads/two/c.txt']);
  });

  it('never follows a symbolic link out of its root', async () => {
    await writeFile(join(outside, 'secret.txt'), 'secret');
    await writeFile(join(outside, 'secret.json'), JSON.stringify({ contentType: 'text/plain', size: 6 }));
    await mkdir(join(root, 'objects/evil'));
    await mkdir(join(root, 'meta/evil'));
    await symlink(join(outside, 'secret.txt'), join(root, 'objects/evil/secret.txt'));
    await symlink(join(outside, 'secret.json'), join(root, 'meta/evil/secret.txt'));
    await symlink(outside, join(root, 'objects/linked'));
    await symlink(outside, join(root, 'meta/linked'));

    await expect(store.head('evil/secret.txt')).rejects.toThrow(/outside/);
    await expect(store.read('evil/secret.txt')).rejects.toThrow(/outside/);
    await expect(store.list('linked/', 10)).rejects.toThrow(/outside/);
    expect((await store.list('', 10)).map((info) => info.key)).toEqual([]);
    await expect(put('linked/new.txt')).rejects.toThrow(/symbolic link/);
    expect(await readdir(outside)).toEqual(['secret.json', 'secret.txt']);
  });

  it('makes its folders when verified and names FILES_DIR when it cannot use them', async () => {
    const fresh = join(root, 'nested/files');
    await new LocalFileStore(fresh, new LinkSigner(randomBytes(32))).verify();
    expect((await readdir(fresh)).sort()).toEqual(['meta', 'objects', 'tmp']);

    const notAFolder = join(root, 'plain-file');
    await writeFile(notAFolder, '');
    const broken = new LocalFileStore(notAFolder, new LinkSigner(randomBytes(32)));
    await expect(broken.verify()).rejects.toThrow(ConfigError);
    await expect(broken.verify()).rejects.toThrow(/FILES_DIR: cannot store files in .*plain-file \((EEXIST|ENOTDIR)\)/);
  });

  it('clears staged files left by a process that died a day ago', async () => {
    const stale = join(root, 'tmp/stale');
    await writeFile(stale, 'half');
    const dayAgo = new Date(Date.now() - 25 * 60 * 60 * 1000);
    await utimes(stale, dayAgo, dayAgo);
    await writeFile(join(root, 'tmp/recent'), 'in progress');
    await store.verify();
    expect(await readdir(join(root, 'tmp'))).toEqual(['recent']);
    await expect(stat(stale)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
