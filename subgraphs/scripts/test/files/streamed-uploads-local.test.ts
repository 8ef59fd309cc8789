import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LinkSigner } from '../../src/files/store/link-signature.js';
import { base64, must, useRunsStack } from '../support/runs-fixtures.js';
import { rawRequest, refusal } from './upload-http.js';

/**
 * Streamed uploads with the local store through the real gateway: `createUpload` answers a signed
 * PUT on the gateway, which relays the body to the scripts service as it comes. Every refusal has
 * its code, and leaves no file and nothing staged behind.
 */

const MAX_FILE_SIZE = 256 * 1024;
const MAX_INLINE_FILE_SIZE = 1000;
const SECRET = 'upload-test-secret-of-at-least-32-chars';
const FILE_LINK = 'query FileLink($key: String!) { file(key: $key) { key size contentType downloadUrl } }';
const filesDir = await mkdtemp(join(tmpdir(), 'etl-streamed-uploads-'));

describe('streamed uploads, local store, through the gateway', () => {
  const h = useRunsStack({
    FILES_DIR: filesDir,
    FILE_URL_SECRET: SECRET,
    MAX_FILE_SIZE: String(MAX_FILE_SIZE),
    MAX_INLINE_FILE_SIZE: String(MAX_INLINE_FILE_SIZE),
  });
  let gatewayOrigin: string;
  beforeAll(() => {
    gatewayOrigin = new URL(h.stack.gatewayUrl).origin;
  });
  afterAll(() => rm(filesDir, { recursive: true, force: true }));

  const files = (operation: string, variables: Record<string, unknown>, token = h.admin) =>
    h.stack.operation('files', operation, { token, variables });
  const createUpload = async (size: number, filename = 'survey.bin', prefix = 'streams') =>
    must(await files('CreateUpload', { input: { prefix, filename, size } }), 'createUpload') as {
      key: string;
      url: string;
      headers: Array<{ name: string; value: string }>;
      multipart: null;
    };
  const headersOf = (target: { headers: Array<{ name: string; value: string }> }) =>
    Object.fromEntries(target.headers.map((header) => [header.name, header.value]));
  const chunksOf = (content: Buffer, size = 16 * 1024) =>
    Array.from({ length: Math.ceil(content.length / size) }, (_, i) => content.subarray(i * size, (i + 1) * size));
  const put = (url: string, content: Buffer, headers: Record<string, string | number> = {}) =>
    rawRequest(url, { method: 'PUT', headers: { 'Content-Length': content.length, ...headers }, chunks: [content] });
  /** Nothing staged in the store's temporary folder: a refused or cut upload left nothing. */
  const staged = () => readdir(join(filesDir, 'tmp'));

  it('stores a file sent with one PUT on the gateway, byte for byte, and serves ranges of it', async () => {
    const content = randomBytes(200 * 1024 + 17);
    const target = await createUpload(content.length);
    expect(target.url.startsWith(`${gatewayOrigin}/files/streams/`)).toBe(true);
    expect(target.multipart).toBeNull();
    const answer = await rawRequest(target.url, {
      method: 'PUT',
      headers: { ...headersOf(target), 'Content-Length': content.length },
      chunks: chunksOf(content),
    });
    expect(answer.status, answer.body.toString()).toBe(201);
    expect(JSON.parse(answer.body.toString())).toMatchObject({ key: target.key, size: content.length });

    const file = must(await h.stack.request(FILE_LINK, { token: h.admin, variables: { key: target.key } }), 'file');
    expect(file).toMatchObject({ key: target.key, size: content.length, contentType: 'application/octet-stream' });
    const whole = await rawRequest(file.downloadUrl, { method: 'GET' });
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(content)).toBe(true);

    const part = await rawRequest(file.downloadUrl, { method: 'GET', headers: { Range: 'bytes=1000-1999' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1000-1999/${content.length}`);
    expect(part.body.equals(content.subarray(1000, 2000))).toBe(true);
    const beyond = await rawRequest(file.downloadUrl, {
      method: 'GET',
      headers: { Range: `bytes=${content.length}-` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${content.length}`);
    expect(await staged()).toEqual([]);
  });

  it('refuses a declared size above MAX_FILE_SIZE, or a negative one, before anything is sent', async () => {
    const tooLarge = await files('CreateUpload', { input: { filename: 'big.bin', size: MAX_FILE_SIZE + 1 } });
    expect(errorCodes(tooLarge)).toEqual(['PAYLOAD_TOO_LARGE']);
    const negative = await files('CreateUpload', { input: { filename: 'neg.bin', size: -1 } });
    expect(errorCodes(negative)).toEqual(['BAD_USER_INPUT']);
    const badName = await files('CreateUpload', { input: { filename: '../x', size: 1 } });
    expect(errorCodes(badName)).toEqual(['BAD_USER_INPUT']);
  });

  it('refuses a body longer than signed for, announced or found while streaming, and stores nothing', async () => {
    const target = await createUpload(1000);
    const announced = await put(target.url, randomBytes(1001));
    expect(refusal(announced)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    // Chunked: no length is announced, the excess is found when it arrives.
    const streamed = await rawRequest(target.url, {
      method: 'PUT',
      headers: { 'Transfer-Encoding': 'chunked' },
      chunks: chunksOf(randomBytes(3000), 600),
    });
    expect(refusal(streamed)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await h.fileExists(target.key)).toBe(false);
    expect(await staged()).toEqual([]);
  });

  it('refuses a body shorter than signed for, and stores nothing', async () => {
    const target = await createUpload(1000);
    const short = await put(target.url, randomBytes(999));
    expect(refusal(short)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    expect(await h.fileExists(target.key)).toBe(false);
    expect(await staged()).toEqual([]);
  });

  it('refuses a wrong, tampered or expired signature and a key outside the one granted, with 403', async () => {
    const target = await createUpload(10);
    const url = new URL(target.url);
    const withParam = (name: string, value: string) => {
      const changed = new URL(url);
      changed.searchParams.set(name, value);
      return changed.toString();
    };
    const signature = url.searchParams.get('signature')!;
    const otherKey = new URL(url);
    otherKey.pathname = url.pathname.replace('/files/streams/', '/files/elsewhere/');
    const sibling = new URL(url);
    sibling.pathname = url.pathname.replace(/survey\.bin$/, 'other.bin');
    const expires = Math.floor(Date.now() / 1000) - 1;
    const grant = { key: target.key, size: 10, contentType: 'application/octet-stream', expires };
    const expired = new URL(url);
    expired.searchParams.set('expires', String(expires));
    expired.searchParams.set('signature', new LinkSigner(SECRET).signUpload(grant));
    const cases: Array<[string, string, string]> = [
      [
        'flipped signature',
        withParam('signature', (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1)),
        'invalid signature',
      ],
      ['larger size', withParam('size', '11'), 'invalid signature'],
      ['other type', withParam('type', 'text/html'), 'invalid signature'],
      ['later expiry', withParam('expires', String(Number(url.searchParams.get('expires')) + 60)), 'invalid signature'],
      ['other prefix', otherKey.toString(), 'invalid signature'],
      ['other name', sibling.toString(), 'invalid signature'],
      [
        'a download signature',
        withParam('signature', new LinkSigner(SECRET).sign(target.key, expires + 120)),
        'invalid signature',
      ],
      ['expired', expired.toString(), 'link expired'],
    ];
    for (const [label, link, error] of cases) {
      const answer = refusal(await put(link, randomBytes(10)));
      expect({ label, ...answer }).toEqual({ label, status: 403, code: 'FORBIDDEN', error });
    }
    expect(await h.fileExists(target.key)).toBe(false);
    expect(await staged()).toEqual([]);
  });

  it('keeps nothing of a transfer cut in the middle, and the link still works afterwards', async () => {
    const content = randomBytes(64 * 1024);
    const target = await createUpload(content.length);
    const cut = await rawRequest(target.url, {
      method: 'PUT',
      headers: { 'Content-Length': content.length },
      chunks: chunksOf(content, 8 * 1024),
      cutAfter: 3,
    });
    expect(cut.status).toBe(0);
    await vi.waitFor(async () => expect(await staged()).toEqual([]), { timeout: 5000 });
    expect(await h.fileExists(target.key)).toBe(false);
    const retried = await put(target.url, content);
    expect(retried.status, retried.body.toString()).toBe(201);
    const again = await put(target.url, content);
    expect(refusal(again)).toMatchObject({ status: 409, code: 'CONFLICT' });
  });

  it('keeps uploadFile and contentBase64 for small files only (MAX_INLINE_FILE_SIZE)', async () => {
    const inline = await h.runs('UploadFile', {
      input: { filename: 'big.txt', contentBase64: base64(Buffer.alloc(MAX_INLINE_FILE_SIZE + 1)) },
    });
    expect(errorCodes(inline)).toEqual(['PAYLOAD_TOO_LARGE']);
    const target = await createUpload(MAX_INLINE_FILE_SIZE + 1);
    expect((await put(target.url, randomBytes(MAX_INLINE_FILE_SIZE + 1))).status).toBe(201);
    const read = await h.stack.request('query($k: String!) { file(key: $k) { contentBase64 } }', {
      token: h.admin,
      variables: { k: target.key },
    });
    expect(errorCodes(read)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('has no multipart uploads to complete or abort with the local store', async () => {
    const target = await createUpload(10);
    const completed = await files('CompleteUpload', {
      input: { key: target.key, uploadId: 'none', size: 10, parts: [{ partNumber: 1, etag: 'x' }] },
    });
    expect(errorCodes(completed)).toEqual(['BAD_USER_INPUT']);
    const aborted = await files('AbortUpload', { key: target.key, uploadId: 'none' });
    expect(errorCodes(aborted)).toEqual(['NOT_FOUND']);
  });

  it('lets files:write start, complete and abort uploads, and no one else', async () => {
    const [operator, viewer] = await Promise.all([h.stack.createUser(['operator']), h.stack.createUser(['viewer'])]);
    const create = { input: { filename: 'x.bin', size: 1 } };
    const complete = { input: { key: 'a/b', uploadId: 'u', size: 1, parts: [{ partNumber: 1, etag: 'e' }] } };
    const abort = { key: 'a/b', uploadId: 'u' };
    const send = (operation: string, variables: Record<string, unknown>, token?: string) =>
      h.stack.operation('files', operation, { token, variables });
    const outcomes = await Promise.all([
      send('CreateUpload', create),
      send('CreateUpload', create, viewer.accessToken),
      send('CompleteUpload', complete),
      send('CompleteUpload', complete, viewer.accessToken),
      send('AbortUpload', abort),
      send('AbortUpload', abort, viewer.accessToken),
      send('CreateUpload', create, operator.accessToken),
    ]);
    expect(outcomes.map(errorCodes)).toEqual([
      ['UNAUTHENTICATED'],
      ['FORBIDDEN'],
      ['UNAUTHENTICATED'],
      ['FORBIDDEN'],
      ['UNAUTHENTICATED'],
      ['FORBIDDEN'],
      [],
    ]);
  });
});
