import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../src/config.js';
import type { RunningGateway } from '../src/index.js';
import { startTestGateway } from './support/test-gateway.js';

/** The built console at `/`: hashed assets cached for good, index.html for every page, never cached. */
describe('the console served by the gateway', () => {
  let gateway: RunningGateway;
  let origin: string;
  let dist: string;
  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'etl-console-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>console</title>');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    gateway = await startTestGateway({ CONSOLE_DIR: dist, USERS_URL: `http://127.0.0.1:${await freePort()}/graphql` });
    origin = new URL(gateway.url).origin;
  });
  afterAll(async () => {
    await gateway?.stop();
    await rm(dist, { recursive: true, force: true });
  });

  const page = (path: string) => fetch(`${origin}${path}`, { headers: { accept: 'text/html' }, redirect: 'manual' });

  it('answers index.html at / and at any page of the console, uncached and with a CSP', async () => {
    for (const path of ['/', '/scripts/0193-abc/versions?from=1&to=2', '/runs/x']) {
      const response = await page(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>console</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('lets the page connect to its own origin only, and to the origins of CONSOLE_CONNECT_ORIGINS', async () => {
    const policy = (await page('/')).headers.get('content-security-policy') ?? '';
    expect(policy).toContain("connect-src 'self';");
    const withStore = await startTestGateway({
      CONSOLE_DIR: dist,
      CONSOLE_CONNECT_ORIGINS: 'https://files.example.com, http://localhost:9000',
      USERS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
    });
    try {
      const response = await fetch(new URL('/', withStore.url), { headers: { accept: 'text/html' } });
      expect(response.headers.get('content-security-policy')).toContain(
        "connect-src 'self' https://files.example.com http://localhost:9000;",
      );
    } finally {
      await withStore.stop();
    }
  });

  it('refuses CONSOLE_CONNECT_ORIGINS that are not bare origins, naming the setting', () => {
    for (const value of ['https://files.example.com/bucket', "https://a.example.com 'unsafe-eval'", '*', 'ftp://x']) {
      expect(() => readGatewayConfig({ CONSOLE_CONNECT_ORIGINS: value })).toThrow(/CONSOLE_CONNECT_ORIGINS/);
    }
  });

  it('serves hashed assets cached for a year, and a missing one as 404, not the page', async () => {
    const asset = await fetch(`${origin}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${origin}/assets/missing-1.js`)).status).toBe(404);
  });

  it('leaves the API, downloads and health to the gateway', async () => {
    const sandbox = await page('/graphql');
    expect(await sandbox.text()).not.toContain('<title>console</title>');
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
  });

  it('sends / to Sandbox when no console is built', async () => {
    const bare = await startTestGateway({
      CONSOLE_DIR: join(dist, 'absent'),
      USERS_URL: `http://127.0.0.1:${await freePort()}/graphql`,
    });
    try {
      const response = await fetch(new URL('/', bare.url), { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/graphql');
    } finally {
      await bare.stop();
    }
  });
});
