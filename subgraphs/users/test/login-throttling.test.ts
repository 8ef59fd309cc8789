import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testGateway } from '@etl/gateway/testing';
import { errorCodes, startTestStack, uniqueName, type GraphQLResponse, type TestStack } from '@etl/testkit';
import type { RunningUsersSubgraph } from '../src/index.js';
import { usersSubgraph } from '../src/testing.js';

const MAX_FAILURES = 3;
const MAX_FAILURES_PER_ADDRESS = 20;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_MAX_SECONDS = 200;

/**
 * Throttling by login and address together, with exponential back-off, plus a per-address limit:
 * a stranger's failures slow the stranger down and never lock the owner out from elsewhere. The
 * gateway believes the test's X-Forwarded-For (TRUST_PROXY), so each request picks its address.
 */
describe('login throttling without lockout of the owner', () => {
  let stack: TestStack<RunningUsersSubgraph>;
  beforeAll(async () => {
    stack = await startTestStack({
      users: usersSubgraph({
        LOGIN_MAX_FAILURES: String(MAX_FAILURES),
        LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
        LOGIN_BACKOFF_BASE_SECONDS: String(BACKOFF_BASE_SECONDS),
        LOGIN_BACKOFF_MAX_SECONDS: String(BACKOFF_MAX_SECONDS),
      }),
      gateway: testGateway,
      gatewayEnv: { TRUST_PROXY: 'loopback' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const loginFrom = (address: string, login: string, password: string) =>
    stack.operation('users', 'Login', { variables: { login, password }, headers: { 'x-forwarded-for': address } });
  const retryAfter = (response: GraphQLResponse) => {
    expect(errorCodes(response)).toEqual(['RATE_LIMITED']);
    return response.errors![0]!.extensions!.retryAfterSeconds as number;
  };
  /** Ends a pair's back-off as time would, without waiting for it. */
  const endBackoff = (login: string, address: string) =>
    stack.users.orm.em
      .getConnection()
      .execute(`update login_throttle set blocked_until = now() - interval '1 second' where key = ?`, [
        `login:${login.toLowerCase()}|from:${address}`,
      ]);

  it('a stranger failing from one address cannot lock the owner out from another', async () => {
    const owner = await stack.createUser([], uniqueName('owner'));
    const stranger = '203.0.113.5';
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect(errorCodes(await loginFrom(stranger, owner.login, `guess ${i}`))).toEqual(['UNAUTHENTICATED']);
    }
    // The stranger's address now backs off, even with the right password.
    expect(retryAfter(await loginFrom(stranger, owner.login, owner.password))).toBeGreaterThan(0);
    // The owner, elsewhere, signs in as if nothing happened.
    const fromHome = await loginFrom('198.51.100.7', owner.login, owner.password);
    expect(fromHome.errors).toBeUndefined();
    expect(fromHome.data?.login?.accessToken).toEqual(expect.any(String));
  });

  it('backs off exponentially per login and address, up to LOGIN_BACKOFF_MAX_SECONDS', async () => {
    const user = await stack.createUser([], uniqueName('backoff'));
    const address = '203.0.113.6';
    for (let i = 0; i < MAX_FAILURES - 1; i++) await loginFrom(address, user.login, 'wrong');
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      expect(errorCodes(await loginFrom(address, user.login, 'wrong'))).toEqual(['UNAUTHENTICATED']);
      waits.push(retryAfter(await loginFrom(address, user.login, user.password)));
      await endBackoff(user.login, address);
    }
    const expected = [30, 60, 120, 200];
    waits.forEach((wait, i) => {
      expect(wait).toBeGreaterThan(expected[i]! - 3);
      expect(wait).toBeLessThanOrEqual(expected[i]!);
    });
    // Once the back-off has passed, the right password works and clears the counter.
    expect((await loginFrom(address, user.login, user.password)).errors).toBeUndefined();
    expect(errorCodes(await loginFrom(address, user.login, 'wrong'))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers an unknown login exactly as a known one, throttled or not', async () => {
    const user = await stack.createUser([], uniqueName('known'));
    const unknown = uniqueName('nobody');
    const address = '203.0.113.7';
    const strip = (response: GraphQLResponse) =>
      response.errors?.map(({ extensions, ...rest }) => ({ ...rest, extensions: { ...extensions, requestId: 0 } }));
    for (let i = 0; i < MAX_FAILURES + 1; i++) {
      const known = await loginFrom(address, user.login, `wrong ${i}`);
      const ghost = await loginFrom(address, unknown, `wrong ${i}`);
      const [a, b] = [strip(known), strip(ghost)].map((errors) =>
        errors?.map((e) => ({ ...e, extensions: { ...e.extensions, retryAfterSeconds: 0 } })),
      );
      expect(a).toEqual(b);
      expect(known.status).toBe(ghost.status);
    }
  });

  it('limits one address across logins, and only that address', async () => {
    const prefix = uniqueName('spray');
    const victim = await stack.createUser([], `${prefix}-victim`);
    const sprayer = '203.0.113.8';
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expect(errorCodes(await loginFrom(sprayer, `${prefix}-guess${i}`, 'guess'))).toEqual(['UNAUTHENTICATED']);
    }
    expect(retryAfter(await loginFrom(sprayer, victim.login, victim.password))).toBeGreaterThan(0);
    expect((await loginFrom('198.51.100.8', victim.login, victim.password)).errors).toBeUndefined();
  });
});
