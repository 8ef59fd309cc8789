import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger, fetchRevocations, RevocationList, type RevocationSnapshot } from '@etl/kit';
import { afterEach, describe, expect, it } from 'vitest';

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: Array<{ msg: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
      done();
    },
  });
  return { logger: createLogger('probe', 'info', sink), messages: () => lines.map((line) => line.msg) };
}

describe('revocation list', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
  });

  it('refuses tokens issued before their user’s or their session’s revocation, and only those', async () => {
    const snapshot: RevocationSnapshot = { users: { u1: 100 }, sessions: { s1: 200 } };
    const list = new RevocationList(() => Promise.resolve(snapshot), 5, createLogger('probe', 'silent'));
    await list.refresh();
    expect(list.isRevoked({ sub: 'u1', iat: 99 })).toBe(true);
    expect(list.isRevoked({ sub: 'u1', iat: 100 })).toBe(false);
    expect(list.isRevoked({ sub: 'u2', sid: 's1', iat: 199 })).toBe(true);
    expect(list.isRevoked({ sub: 'u2', sid: 's1', iat: 200 })).toBe(false);
    expect(list.isRevoked({ sub: 'u2', sid: 's2', iat: 1 })).toBe(false);
    expect(() => list.assertNotRevoked({ sub: 'u1', iat: 1 })).toThrow(/revoked/);
  });

  it('keeps the last list while polls fail, saying so once, and again when it is fresh', async () => {
    const { logger, messages } = recordingLogger();
    let answer: () => Promise<RevocationSnapshot> = () => Promise.resolve({ users: { u1: 100 }, sessions: {} });
    const list = new RevocationList(() => answer(), 5, logger);
    await list.refresh();
    answer = () => Promise.reject(new Error('connect ECONNREFUSED'));
    await list.refresh();
    await list.refresh();
    expect(list.isRevoked({ sub: 'u1', iat: 99 })).toBe(true);
    answer = () => Promise.resolve({ users: {}, sessions: {} });
    await list.refresh();
    expect(list.isRevoked({ sub: 'u1', iat: 99 })).toBe(false);
    expect(messages()).toEqual([
      'revocation list unavailable: keeping the last one and serving on',
      'revocation list is fresh again',
    ]);
  });

  it('waits for a users subgraph slower than half the delay instead of dropping its answer', async () => {
    // A loaded users subgraph answering after 3 s: polls once gave up after 2.5 s (half of 5 s)
    // and kept a stale list for as long as the load lasted.
    const server = createServer((_req, res) => {
      setTimeout(() => res.setHeader('content-type', 'application/json').end('{"users":{"u1":7},"sessions":{}}'), 3000);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(fetchRevocations(`http://127.0.0.1:${port}/auth/revocations`, 5)).resolves.toEqual({
      users: { u1: 7 },
      sessions: {},
    });
  });

  it('refuses an answer that is not a list of ids and seconds', async () => {
    const server = createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end('{"users":{"u1":"x"}}'),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(fetchRevocations(`http://127.0.0.1:${port}/`, 5)).rejects.toThrow(/not \{users, sessions\}/);
  });
});
