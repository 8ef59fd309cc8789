import { freePort, postGraphQL } from '@etl/testkit';
import type { RunningGateway } from '../src/index.js';
import { startTestGateway } from './support/test-gateway.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A subgraph that cannot be reached yields a plain error for its part, with nothing internal. */
describe('a subgraph that is down', () => {
  let gateway: RunningGateway;
  let port: number;
  beforeAll(async () => {
    port = await freePort(); // nothing listens there
    gateway = await startTestGateway({ USERS_URL: `http://127.0.0.1:${port}/graphql` });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('answers with an error naming the service, without its address or the connection error', async () => {
    const response = await postGraphQL(gateway.url, '{ me { id } }', { headers: { 'x-request-id': 'down-1' } });
    expect(response.status).toBe(200);
    expect(response.data).toEqual({ me: null });
    expect(response.errors).toEqual([
      {
        message: 'The users service is unavailable or failed; other parts of the answer are intact',
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'users', requestId: 'down-1' },
      },
    ]);
    expect(response.text).not.toContain(String(port));
    expect(response.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|fetch failed/);
  });

  it('stays healthy and ready itself', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
