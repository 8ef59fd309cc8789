import { createLogger, HttpService } from '@etl/kit';
import { freePort, readTestSettings } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountFileDownloads } from '../src/file-download-proxy.js';
import { mountFileUploads } from '../src/file-upload-relay.js';

/**
 * When the scripts service is missing from the supergraph or cannot be reached, the download and
 * the upload relay answer alike: a JSON `{ error, code }` a client can switch on, never an
 * empty body, a stack trace or the service's address.
 */
describe('the file relays without a scripts service', () => {
  const started: HttpService[] = [];

  /** A gateway's HTTP side with only the two file relays, relaying to `scriptsUrl()`. */
  async function relays(scriptsUrl: () => string | undefined): Promise<string> {
    const logger = createLogger('gateway', readTestSettings().TEST_LOG_LEVEL);
    const service = new HttpService(logger);
    mountFileDownloads(service, scriptsUrl, 5_000, logger);
    mountFileUploads(service, scriptsUrl, 5_000, logger);
    started.push(service);
    const { url } = await service.listen('127.0.0.1', 0);
    return url;
  }

  /** Status, content type and body of a download (GET) and an upload (PUT) of the same link. */
  async function both(base: string) {
    const link = `${base}/files/reports/x.csv?expires=1&signature=abc`;
    const answers = [];
    for (const init of [{ method: 'GET' }, { method: 'PUT', body: 'a,b\n1,2\n' }]) {
      const response = await fetch(link, init);
      answers.push({
        method: init.method,
        status: response.status,
        type: response.headers.get('content-type'),
        body: (await response.json()) as unknown,
      });
    }
    return answers;
  }

  let unconfigured: string;
  let unreachable: string;
  let closedPort: number;
  beforeAll(async () => {
    closedPort = await freePort();
    unconfigured = await relays(() => undefined);
    unreachable = await relays(() => `http://127.0.0.1:${closedPort}/graphql`);
  });
  afterAll(async () => {
    await Promise.all(started.map((service) => service.stop()));
  });

  /** The same JSON refusal, with a code, for the download (GET) and the upload (PUT). */
  const refusedAlike = (status: number, error: string) =>
    ['GET', 'PUT'].map((method) => ({
      method,
      status,
      type: 'application/json; charset=utf-8',
      body: { error, code: 'SERVICE_UNAVAILABLE' },
    }));

  it('answers 503 SERVICE_UNAVAILABLE to a download and an upload when the supergraph has no scripts service', async () => {
    expect(await both(unconfigured)).toEqual(refusedAlike(503, 'the scripts service is not configured'));
  });

  it('answers 502 SERVICE_UNAVAILABLE to a download and an upload when the scripts service cannot be reached', async () => {
    const answers = await both(unreachable);
    expect(answers).toEqual(refusedAlike(502, 'the scripts service is unavailable'));
    expect(JSON.stringify(answers)).not.toContain(String(closedPort));
  });

  it('refuses a malformed path alike for both, without calling the scripts service', async () => {
    for (const method of ['GET', 'PUT']) {
      const response = await fetch(`${unreachable}/files/reports/%E0%A4%A`, {
        method,
        body: method === 'PUT' ? 'x' : undefined,
      });
      expect({ method, status: response.status, body: await response.json() }).toEqual({
        method,
        status: 400,
        body: { error: 'malformed file path', code: 'MALFORMED_FILE_PATH' },
      });
    }
  });
});
