import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBenchSettings } from '../src/side-by-side/bench-settings.js';

const LOAD_PROCESS = fileURLToPath(new URL('../dist/side-by-side/load-process.js', import.meta.url));

/**
 * `--callers distinct` makes each connection of the load generator a caller of its own, so that
 * no gateway can share one subgraph call between them; `same` (the default) sends one token.
 */
describe('pnpm bench --callers', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      req.resume().on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"data":{"ok":true}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** Runs the built load generator for `requests` requests; the authorizations the server saw. */
  const load = async (spec: Record<string, unknown>): Promise<Set<string>> => {
    seen.length = 0;
    const { stdout } = await promisify(execFile)(process.execPath, [
      LOAD_PROCESS,
      JSON.stringify({
        url,
        body: '{"query":"{ ok }"}',
        headers: { 'content-type': 'application/json', authorization: 'Bearer shared' },
        requests: 60,
        ...spec,
      }),
    ]);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ requests: 60, errors: 0 });
    return new Set(seen);
  };

  it('reads same by default, distinct when asked, and refuses anything else', () => {
    expect(readBenchSettings([], {}).callers).toBe('same');
    expect(readBenchSettings(['--callers', 'distinct'], {}).callers).toBe('distinct');
    expect(readBenchSettings([], { BENCH_CALLERS: 'distinct' }).callers).toBe('distinct');
    expect(() => readBenchSettings(['--callers=everyone'], {})).toThrow('--callers must be same or distinct');
  });

  it('sends one token from every connection with one caller', async () => {
    expect(await load({ connections: 3 })).toEqual(new Set(['Bearer shared']));
  });

  it("sends each connection's own token with distinct callers", async () => {
    const authorizations = await load({ connections: 3, callerTokens: ['one', 'two', 'three'] });
    expect(authorizations).toEqual(new Set(['Bearer one', 'Bearer two', 'Bearer three']));
  });
});
