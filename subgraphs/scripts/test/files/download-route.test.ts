import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpService, createLogger } from '@etl/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDownloadRoute } from '../../src/files/store/download-route.js';
import { LinkSigner } from '../../src/files/store/link-signature.js';
import { LocalFileStore } from '../../src/files/store/local-file-store.js';
import { stopServer } from './file-store-suite.js';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('the local download route', () => {
  const signer = new LinkSigner(randomBytes(32));
  const key = 'reports/2024/résumé (final).csv';
  const content = 'id,total\n1,42\n';
  let root: string;
  let service: HttpService;
  let port: number;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'etl-download-route-'));
    const store = new LocalFileStore(root, signer);
    await store.put(key, Buffer.from(content), 'text/csv', content.length);
    service = new HttpService(createLogger('test', 'silent'));
    mountDownloadRoute(service, store, signer);
    service.mountErrorHandler();
    port = (await service.listen('127.0.0.1', 0)).port;
  });
  afterAll(async () => {
    if (service) await stopServer(service);
    await rm(root, { recursive: true, force: true });
  });

  /** A request with the path exactly as written: fetch would normalise `..` and escapes. */
  const send = (path: string, method = 'GET', headers: Record<string, string> = {}) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      });
      req.on('error', reject);
      req.end();
    });
  const encoded = (k: string) => k.split('/').map(encodeURIComponent).join('/');
  const link = (k: string, expires: number, signature = signer.sign(k, expires)) =>
    `/files/${encoded(k)}?expires=${expires}&signature=${signature}`;
  const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

  it('serves a file for a good link, as an attachment that is not sniffed', async () => {
    const response = await send(link(key, inAMinute()));
    expect(response.status).toBe(200);
    expect(response.body).toBe(content);
    expect(response.headers).toMatchObject({
      'content-type': 'text/csv',
      'content-length': String(content.length),
      'content-disposition': "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29.csv",
      'x-content-type-options': 'nosniff',
    });
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(String(response.headers['cache-control']))?.[1]);
    expect(maxAge).toBeGreaterThan(55);
    expect(maxAge).toBeLessThanOrEqual(60);
  });

  it('serves one byte range with 206, and 416 for a range past the end', async () => {
    const part = await send(link(key, inAMinute()), 'GET', { Range: 'bytes=3-7' });
    expect(part.status).toBe(206);
    expect(part.body).toBe(content.slice(3, 8));
    expect(part.headers).toMatchObject({ 'content-range': `bytes 3-7/${content.length}`, 'content-length': '5' });
    const tail = await send(link(key, inAMinute()), 'GET', { Range: 'bytes=-3' });
    expect(tail.body).toBe(content.slice(-3));
    const past = await send(link(key, inAMinute()), 'GET', { Range: `bytes=${content.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${content.length}`);
    // If-Range that is not the file's Last-Modified: the client's copy is another file, it gets all of this one.
    const stale = await send(link(key, inAMinute()), 'GET', {
      Range: 'bytes=3-7',
      'If-Range': 'Wed, 01 Jan 2020 00:00:00 GMT',
    });
    expect(stale.status).toBe(200);
    expect(stale.body).toBe(content);
    const current = await send(link(key, inAMinute()), 'GET', {
      Range: 'bytes=3-7',
      'If-Range': String(stale.headers['last-modified']),
    });
    expect(current.status).toBe(206);
    // A bad signature is refused whatever the range.
    const forged = await send(link(key, inAMinute(), 'x'.repeat(43)), 'GET', { Range: 'bytes=0-1' });
    expect(forged.status).toBe(403);
  });

  it('answers HEAD with the headers and no body', async () => {
    const response = await send(link(key, inAMinute()), 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(content.length));
    expect(response.headers['content-type']).toBe('text/csv');
    expect(response.body).toBe('');
  });

  it('refuses an expired link with 403', async () => {
    const response = await send(link(key, Math.floor(Date.now() / 1000) - 1));
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body)).toEqual({ error: 'link expired' });
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses a tampered or incomplete link with 403', async () => {
    const expires = inAMinute();
    const signature = signer.sign(key, expires);
    const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    const otherKey = 'reports/2024/other.csv';
    const paths = [
      link(key, expires, flipped),
      link(key, expires + 3600, signature),
      `/files/${encoded(otherKey)}?expires=${expires}&signature=${signature}`,
      link(key, expires, new LinkSigner(randomBytes(32)).sign(key, expires)),
      link(key, expires, `${signature}A`),
      `/files/${encoded(key)}?expires=${expires}`,
      `/files/${encoded(key)}?signature=${signature}`,
      `${link(key, expires)}&signature=${signature}`,
      `/files/${encoded(key)}?expires=${expires}.0&signature=${signature}`,
    ];
    for (const path of paths) {
      const response = await send(path);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 403,
        body: JSON.stringify({ error: 'invalid signature' }),
      });
    }
  });

  it('answers 404 for a well-signed link to a missing file', async () => {
    const response = await send(link('reports/2024/gone.csv', inAMinute()));
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toEqual({ error: 'file not found' });
  });

  it('answers 400 for a malformed key, before looking at the signature', async () => {
    const expires = inAMinute();
    const paths = [
      '/files/reports/../secret',
      '/files/reports/%2E%2E/secret',
      '/files/reports%2F2024/x.csv',
      '/files/reports%5Cx.csv',
      '/files/reports/a%0Ab.csv',
      '/files/reports/a%00b.csv',
      '/files/reports/%E0%A4%A',
      '/files/reports//x.csv',
      '/files/reports/',
      '/files/',
      '/files',
    ];
    for (const path of paths) {
      const response = await send(`${path}?expires=${expires}&signature=${signer.sign('x', expires)}`);
      expect({ path, status: response.status, body: response.body }).toEqual({
        path,
        status: 400,
        body: JSON.stringify({ error: 'malformed file key' }),
      });
    }
  });

  it('serves nothing but GET and HEAD', async () => {
    const response = await send(link(key, inAMinute()), 'POST');
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(content);
  });
});
