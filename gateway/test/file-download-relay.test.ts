import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../src/index.js';
import { startTestGateway } from './support/test-gateway.js';

interface RawResponse {
  status: number;
  body: string;
}

/**
 * The `/files/` relay reaches the scripts service's download route and nothing else of it: paths
 * that climb out (`..` in any spelling), smuggle a `/` or `\`, or name another host are refused
 * at the gateway and never reach the service.
 */
describe('the gateway download relay', () => {
  const reached: string[] = [];
  let scripts: Server;
  let gateway: RunningGateway;

  beforeAll(async () => {
    // Stands in for the scripts service: answers every path, so that a leak shows.
    scripts = createServer((req, res) => {
      reached.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`served ${req.url}`);
    });
    await new Promise<void>((resolve) => scripts.listen(0, '127.0.0.1', resolve));
    const { port } = scripts.address() as AddressInfo;
    gateway = await startTestGateway({ SCRIPTS_URL: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(async () => {
    await gateway?.stop();
    scripts?.closeAllConnections();
    await new Promise((resolve) => scripts?.close(resolve));
  });

  /** A request with the target exactly as written: fetch would normalise `..` and escapes. */
  const send = (path: string) =>
    new Promise<RawResponse>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: gateway.port, path }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses every way out of /files/<key> with 400 MALFORMED_FILE_PATH, reaching nothing', async () => {
    const attacks = [
      '/files/reports/%2e%2e/%2e%2e/readyz',
      '/files/reports/%2E%2E/%2E%2E/readyz',
      '/files/%2e%2e/readyz',
      '/files/%2e/readyz',
      '/files/.%2e/readyz',
      '/files/../readyz',
      '/files/reports/../../readyz',
      '/files/reports%2f..%2f..%2freadyz',
      '/files/reports%2F2024/x.csv',
      '/files/reports%5c..%5creadyz',
      '/files/reports\\..\\readyz',
      '/files/reports/a%00b.csv',
      '/files/reports/a%0d%0aHost:%20evil',
      '/files/reports/%E0%A4%A',
      '/files/reports//x.csv',
      '/files/reports/',
      '/files/x?expires=1#/../readyz',
      `/files/${'a/'.repeat(600)}x`,
    ];
    for (const path of attacks) {
      const response = await send(path);
      expect({ path, status: response.status, body: JSON.parse(response.body) as unknown }).toEqual({
        path,
        status: 400,
        body: { error: 'malformed file path', code: 'MALFORMED_FILE_PATH' },
      });
    }
    expect(reached).toEqual([]);
  });

  it('refuses targets that are not a download link with 404, reaching nothing', async () => {
    for (const path of ['http://127.0.0.1:1/files/x.csv', '/FILES/x.csv', '/Files/../readyz']) {
      const response = await send(path);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(reached).toEqual([]);
  });

  it('relays a good link with one spelling of its key and the query untouched', async () => {
    const query = '?expires=1700000000&signature=abc';
    const cases: [string, string][] = [
      ['/files/reports/2024/x.csv', '/files/reports/2024/x.csv'],
      ['/files/reports/r%C3%A9sum%C3%A9%20(final).csv', '/files/reports/r%C3%A9sum%C3%A9%20(final).csv'],
      ['/files/reports/r%c3%a9sum%c3%a9%20%28final%29.csv', '/files/reports/r%C3%A9sum%C3%A9%20(final).csv'],
      ['/files/reports/..x/.hidden', '/files/reports/..x/.hidden'],
    ];
    for (const [sent, relayed] of cases) {
      const response = await send(sent + query);
      expect({ sent, status: response.status, reached: reached.at(-1) }).toEqual({
        sent,
        status: 200,
        reached: relayed + query,
      });
    }
  });
});
