import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, HttpService, createLogger, readConfig } from '@etl/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileSettings } from '../../src/files/file-settings.js';
import { openFileStore } from '../../src/files/store/open-file-store.js';
import { stopServer } from './file-store-suite.js';

const config = (env: Record<string, string>) => readConfig(fileSettings, env);

describe('opening the configured file store', () => {
  let root: string;
  const services: HttpService[] = [];

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'etl-open-file-store-'));
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map(stopServer));
    await rm(root, { recursive: true, force: true });
  });

  /** The store's routes on a server of their own; its origin. */
  async function serve(opened: ReturnType<typeof openFileStore>): Promise<string> {
    const service = new HttpService(createLogger('test', 'silent'));
    services.push(service);
    opened.mountRoutes(service);
    return (await service.listen('127.0.0.1', 0)).url;
  }

  it('keeps files in FILES_DIR by default and warns that links die with an unset secret', async () => {
    const lines: string[] = [];
    const logger = createLogger('test', 'warn', { write: (line: string) => void lines.push(line) });
    const opened = openFileStore(config({ FILES_DIR: root }), logger);
    expect(opened.store.kind).toBe('local');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([expect.stringMatching(/^FILE_URL_SECRET is unset/)]);

    await opened.store.verify();
    await opened.store.put('a/b.txt', Buffer.from('hi'), 'text/plain', 2);
    const origin = await serve(opened);
    const response = await fetch(
      await opened.store.downloadUrl('a/b.txt', { expiresInSeconds: 60, publicOrigin: origin }),
    );
    expect(await response.text()).toBe('hi');
  });

  it('lets every instance that shares FILE_URL_SECRET serve the links of the others', async () => {
    const env = { FILES_DIR: root, FILE_URL_SECRET: 's'.repeat(40) };
    const lines: string[] = [];
    const logger = createLogger('test', 'warn', { write: (line: string) => void lines.push(line) });
    const first = openFileStore(config(env), logger);
    const second = openFileStore(config(env), logger);
    const stranger = openFileStore(config({ FILES_DIR: root }));
    expect(lines).toEqual([]);
    await first.store.put('shared.txt', Buffer.from('shared'), 'text/plain', 6);

    const link = new URL(
      await first.store.downloadUrl('shared.txt', { expiresInSeconds: 60, publicOrigin: 'http://x' }),
    );
    const path = `${link.pathname}${link.search}`;
    expect((await fetch(`${await serve(second)}${path}`)).status).toBe(200);
    expect((await fetch(`${await serve(stranger)}${path}`)).status).toBe(403);
  });

  it('uses S3 with a bucket, with or without an endpoint (AWS itself)', async () => {
    const opened = openFileStore(config({ FILE_STORE: 's3', S3_BUCKET: 'etl-files' }));
    expect(opened.store.kind).toBe('s3');
    await opened.close();
  });

  it('names what is missing for S3', () => {
    expect(() => openFileStore(config({ FILE_STORE: 's3' }))).toThrow(ConfigError);
    expect(() => openFileStore(config({ FILE_STORE: 's3' }))).toThrow(/S3_BUCKET: required when FILE_STORE is s3/);
    const halfKey = config({ FILE_STORE: 's3', S3_BUCKET: 'etl-files', S3_ACCESS_KEY_ID: 'id' });
    expect(() => openFileStore(halfKey)).toThrow(/S3_SECRET_ACCESS_KEY: required with S3_ACCESS_KEY_ID/);
    const otherHalf = config({ FILE_STORE: 's3', S3_BUCKET: 'etl-files', S3_SECRET_ACCESS_KEY: 'top-secret-value' });
    expect(() => openFileStore(otherHalf)).toThrow(/S3_ACCESS_KEY_ID: required with S3_SECRET_ACCESS_KEY/);
    expect(() => openFileStore(otherHalf)).not.toThrow(/top-secret-value/);
  });
});
