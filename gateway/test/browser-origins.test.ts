import { freePort } from '@etl/testkit';
import type { RunningGateway } from '../src/index.js';
import { startTestGateway } from './support/test-gateway.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Only the configured origins (the web console's) may call the gateway from a browser. */
describe('browser origins (CORS_ORIGINS)', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      CORS_ORIGINS: 'https://console.etl.example, https://admin.etl.example',
      USERS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
    });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  const preflight = (origin: string) =>
    fetch(gateway.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('allows a listed origin and exposes the request id header to it', async () => {
    const response = await preflight('https://admin.etl.example');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://admin.etl.example');
    const answer = await fetch(gateway.url, {
      method: 'POST',
      headers: { origin: 'https://console.etl.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://console.etl.example');
    expect(answer.headers.get('access-control-expose-headers')).toBe('x-request-id');
  });

  it('gives any other origin no CORS grant', async () => {
    const response = await preflight('https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
