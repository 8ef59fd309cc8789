import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, TEST_GATEWAY_SECRET } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const gatewayMain = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const DRAIN_MS = 5_000;

/** A users subgraph that takes 1.5 s to answer, so a request is in flight when SIGTERM comes. */
async function startSlowSubgraph(): Promise<{ url: string; arrivals: number[]; server: Server }> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    // The gateway polls the revocation list too: answered at once, and not a request in flight.
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ users: {}, sessions: {} }));
      return;
    }
    arrivals.push(Date.now());
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { me: { id: 'u1', login: 'slow' } } }));
      }, 1_500);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/graphql`, arrivals, server };
}

const query = (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ me { id login } }' }),
  });

describe('a rolling update stopping the gateway (SIGTERM)', () => {
  let slow: Awaited<ReturnType<typeof startSlowSubgraph>>;
  beforeAll(async () => {
    slow = await startSlowSubgraph();
  });
  afterAll(() => {
    slow?.server.close();
  });

  it('turns unready at once, refuses new connections, finishes the in-flight request and exits 0 within the drain time', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [gatewayMain], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        GATEWAY_SECRET: TEST_GATEWAY_SECRET,
        HOST: '127.0.0.1',
        PORT: String(port),
        USERS_URL: slow.url,
        SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    await expect
      .poll(
        () =>
          fetch(`${base}/readyz`).then(
            (r) => r.status,
            () => 0,
          ),
        { timeout: 10_000, interval: 100 },
      )
      .toBe(200);

    const inFlight = query(`${base}/graphql`);
    await vi.waitFor(() => expect(slow.arrivals.length).toBeGreaterThan(0), { timeout: 5_000, interval: 20 });
    const signalledAt = Date.now();
    child.kill('SIGTERM');
    await sleep(100);

    const readiness = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      () => 'refused',
    );
    expect(['refused', 503]).toContain(readiness);
    await expect(query(`${base}/graphql`)).rejects.toThrow();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { me: { id: 'u1', login: 'slow' } } });
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(DRAIN_MS);
  }, 30_000);
});
