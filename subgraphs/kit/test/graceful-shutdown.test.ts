import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger, HttpService } from '@etl/kit';

const silent = createLogger('shutdown', 'silent', new Writable({ write: (_c, _e, done) => done() }));

describe('graceful shutdown', () => {
  it('turns unready at once, refuses new connections, finishes in-flight requests, then runs stop hooks', async () => {
    const service = new HttpService(silent);
    const events: string[] = [];
    service.app.get('/slow', async (_req, res) => {
      await sleep(800);
      res.json({ done: true });
    });
    service.onStop(async () => {
      // Like Apollo's drain plugin: stop listening, wait for in-flight requests.
      await new Promise<void>((resolve) => service.httpServer.close(() => resolve()));
      events.push('drained');
    });
    service.onStop(async () => {
      events.push('database closed');
    });
    const { url } = await service.listen('127.0.0.1', 0);
    service.markReady();
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const inFlight = fetch(`${url}/slow`, { headers: { connection: 'close' } });
    await sleep(100);
    const stopping = service.stop();
    const readyDuringStop = await fetch(`${url}/readyz`, { headers: { connection: 'close' } }).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(readyDuringStop);

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await stopping;
    expect(events).toEqual(['drained', 'database closed']);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
