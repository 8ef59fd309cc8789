import type { ApolloClient } from '@apollo/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProblemError } from '../api/api-problem';
import { uploadFile } from './file-upload';

/** What each PUT answers, in order: its status, body and ETag; progress is reported at half. */
type Answer = { status: number; body?: string; etag?: string };
const sent: Array<{ url: string; headers: Record<string, string>; size: number }> = [];

function fakeXhr(answers: Answer[]) {
  return class {
    status = 0;
    responseText = '';
    upload: { onprogress?: (event: { loaded: number }) => void } = {};
    onload?: () => void;
    onerror?: () => void;
    private url = '';
    private headers: Record<string, string> = {};
    private etag: string | null = null;
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }
    getResponseHeader(name: string) {
      return name === 'etag' ? this.etag : null;
    }
    send(body: Blob) {
      sent.push({ url: this.url, headers: this.headers, size: body.size });
      const answer = answers.shift()!;
      setTimeout(() => {
        this.upload.onprogress?.({ loaded: body.size / 2 });
        this.status = answer.status;
        this.responseText = answer.body ?? '';
        this.etag = answer.etag ?? null;
        this.onload?.();
      });
    }
  };
}

function fakeClient(createUpload: unknown) {
  const mutate = vi.fn(async ({ variables }: { variables: Record<string, unknown> }) =>
    'input' in variables && (variables.input as { filename?: string }).filename
      ? { data: { createUpload } }
      : { data: {} },
  );
  return { client: { mutate } as unknown as ApolloClient, mutate };
}

const file = new File(['0123456789'], 'wells.csv', { type: 'text/csv' });
const KEY = 'console-uploads/abc/wells.csv';

describe('uploading a run input from the console', () => {
  afterEach(() => {
    sent.length = 0;
    vi.unstubAllGlobals();
  });

  it('sends the file in one PUT with the granted headers, reporting progress, and answers the key', async () => {
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status: 201 }]));
    const { client, mutate } = fakeClient({
      key: KEY,
      url: '/files/console-uploads/abc/wells.csv?signature=s',
      headers: [{ name: 'content-type', value: 'text/csv' }],
      multipart: null,
    });
    const progress: number[] = [];
    expect(await uploadFile(client, file, (fraction) => progress.push(fraction))).toBe(KEY);
    expect(mutate.mock.calls[0]![0].variables).toEqual({
      input: { prefix: 'console-uploads', filename: 'wells.csv', contentType: 'text/csv', size: 10 },
    });
    expect(sent).toEqual([
      {
        url: '/files/console-uploads/abc/wells.csv?signature=s',
        headers: { 'content-type': 'text/csv', 'x-request-id': expect.any(String) },
        size: 10,
      },
    ]);
    expect(progress).toEqual([0.5, 1]);
  });

  it('turns a refused PUT into the problem the file route answered, with the request id', async () => {
    vi.stubGlobal(
      'XMLHttpRequest',
      fakeXhr([{ status: 403, body: JSON.stringify({ error: 'link expired', code: 'FORBIDDEN' }) }]),
    );
    const { client } = fakeClient({ key: KEY, url: '/files/x', headers: [], multipart: null });
    const refused = await uploadFile(client, file, () => {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiProblemError);
    expect((refused as ApiProblemError).problems).toEqual([
      {
        message: 'The upload was refused: link expired',
        code: 'FORBIDDEN',
        requestId: sent[0]!.headers['x-request-id'],
      },
    ]);
  });

  const multipart = {
    key: KEY,
    url: null,
    headers: [],
    multipart: {
      uploadId: 'u1',
      parts: [
        { partNumber: 1, offset: 0, size: 6, url: 'https://store.example/p1', headers: [] },
        { partNumber: 2, offset: 6, size: 4, url: 'https://store.example/p2', headers: [] },
      ],
    },
  };

  it('sends a multipart upload part by part and completes it with each ETag', async () => {
    vi.stubGlobal(
      'XMLHttpRequest',
      fakeXhr([
        { status: 200, etag: '"e1"' },
        { status: 200, etag: '"e2"' },
      ]),
    );
    const { client, mutate } = fakeClient(multipart);
    const progress: number[] = [];
    expect(await uploadFile(client, file, (fraction) => progress.push(fraction))).toBe(KEY);
    expect(sent.map((one) => [one.url, one.size])).toEqual([
      ['https://store.example/p1', 6],
      ['https://store.example/p2', 4],
    ]);
    expect(mutate.mock.calls[1]![0].variables).toEqual({
      input: {
        key: KEY,
        uploadId: 'u1',
        size: 10,
        parts: [
          { partNumber: 1, etag: '"e1"' },
          { partNumber: 2, etag: '"e2"' },
        ],
      },
    });
    expect(progress).toEqual([0.3, 0.6, 0.8, 1, 1]);
  });

  it('aborts a multipart upload whose part was refused', async () => {
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status: 200, etag: '"e1"' }, { status: 500 }]));
    const { client, mutate } = fakeClient(multipart);
    await expect(uploadFile(client, file, () => {})).rejects.toThrow('The upload was refused with status 500');
    expect(mutate.mock.calls[1]![0].variables).toEqual({ key: KEY, uploadId: 'u1' });
  });
});
