import { request, type IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, HttpService } from '@etl/kit';

const silent = createLogger('body-arrival', 'silent', new Writable({ write: (_c, _e, done) => done() }));

/** Short limits so that the test sees both rules act; the defaults are minutes. */
const LIMITS = { deadlineMs: 600, idleMs: 400 };

/** Sends `chunks` pieces of a body, `gapMs` apart, then optionally stalls; answers the reply or how it ended. */
function trickle(
  url: string,
  method: string,
  path: string,
  chunks: number,
  gapMs: number,
  stall = false,
): Promise<{ status: number; body: string } | 'connection cut'> {
  return new Promise((resolve) => {
    const total = chunks * 10 + (stall ? 10 : 0);
    const req = request(`${url}${path}`, {
      method,
      headers: { 'content-length': String(total), 'content-type': 'application/octet-stream' },
    });
    req.on('response', (res: IncomingMessage) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve('connection cut'));
    });
    req.on('error', () => resolve('connection cut'));
    void (async () => {
      for (let i = 0; i < chunks; i += 1) {
        if (req.destroyed) return;
        req.write('0123456789');
        await sleep(gapMs);
      }
      if (!stall) req.end();
    })();
  });
}

describe('body arrival limits', () => {
  const service = new HttpService(silent, LIMITS);
  let url = '';

  beforeAll(async () => {
    service.streamBodies('PUT', '/files');
    const countBytes = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => res.end(JSON.stringify({ bytes })));
    };
    service.app.put('/files/:key', countBytes);
    service.app.post('/graphql', countBytes);
    service.app.put('/filesystem/:key', countBytes);
    service.app.post('/files/:key', countBytes);
    ({ url } = await service.listen('127.0.0.1', 0));
  });
  afterAll(() => service.stop());

  it('lets a streamed upload run past the deadline while it keeps flowing', async () => {
    // 12 pieces 100 ms apart: about twice the ordinary deadline, never idle for long.
    const reply = await trickle(url, 'PUT', '/files/a.csv', 12, 100);
    expect(reply).toEqual({ status: 200, body: JSON.stringify({ bytes: 120 }) });
  });

  it('cuts a streamed upload that stalls', async () => {
    expect(await trickle(url, 'PUT', '/files/b.csv', 2, 50, true)).toBe('connection cut');
  });

  it('cuts an ordinary body that is still arriving at the deadline, however steadily', async () => {
    const reply = await trickle(url, 'POST', '/graphql', 12, 100);
    expect(reply).toBe('connection cut');
  });

  it('treats only the marked method and prefix as streamed', async () => {
    expect(await trickle(url, 'PUT', '/filesystem/x', 12, 100)).toBe('connection cut');
    expect(await trickle(url, 'POST', '/files/x', 12, 100)).toBe('connection cut');
  });

  it('leaves quick bodies alone', async () => {
    expect(await trickle(url, 'POST', '/graphql', 3, 10)).toEqual({ status: 200, body: JSON.stringify({ bytes: 30 }) });
  });
});
