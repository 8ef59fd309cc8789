import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, type GraphQLResponse, type TestStack, type TestUser, uniqueName } from '@etl/testkit';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

/**
 * The life of a session, through the real gateway: refresh-token rotation and reuse detection,
 * logout, logoutAll, changePassword, refresh-token expiry, and login throttling per login and
 * per client address (counted in the database).
 */

const MAX_FAILURES_PER_LOGIN = 3;
const MAX_FAILURES_PER_ADDRESS = 4;

/** The claims of a JWT, read without verifying it (the server did). */
function claimsOf(accessToken: string): Record<string, any> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'));
}

function expectError(response: GraphQLResponse, code: string): void {
  expect(errorCodes(response)).toEqual([code]);
  expect(response.errors![0]!.extensions?.requestId).toEqual(expect.any(String));
  for (const leak of ['stack', ' at ', 'node_modules', 'SELECT', 'select ', 'postgres', '/work/']) {
    expect(response.text).not.toContain(leak);
  }
}

async function login(stack: TestStack, loginName: string, password: string) {
  return stack.operation('users', 'Login', { variables: { login: loginName, password } });
}

/** Signs a user in again: a new session (refresh-token family) of the same user. */
async function newSession(stack: TestStack, user: TestUser): Promise<{ accessToken: string; refreshToken: string }> {
  const response = await login(stack, user.login, user.password);
  expect(response.errors).toBeUndefined();
  return response.data!.login;
}

async function refresh(stack: TestStack, refreshToken: string) {
  return stack.operation('users', 'Refresh', { variables: { refreshToken } });
}

async function expectRefreshWorks(stack: TestStack, refreshToken: string) {
  const response = await refresh(stack, refreshToken);
  expect(response.errors).toBeUndefined();
  const payload = response.data!.refreshToken;
  expect(payload.refreshToken).toEqual(expect.any(String));
  expect(payload.refreshToken).not.toBe(refreshToken);
  return payload as { accessToken: string; refreshToken: string; user: { id: string; login: string } };
}

async function expectRefreshFails(stack: TestStack, refreshToken: string) {
  const response = await refresh(stack, refreshToken);
  expectError(response, 'UNAUTHENTICATED');
  expect(response.data?.refreshToken ?? null).toBeNull();
}

async function throttleRow(stack: UsersTestStack, key: string): Promise<{ failures: number } | undefined> {
  const rows = await stack.users.orm.em
    .getConnection()
    .execute<Array<{ failures: number }>>('select failures from login_throttle where key = ?', [key]);
  return rows[0];
}

describe('session lifecycle', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({
      LOGIN_MAX_FAILURES: String(MAX_FAILURES_PER_LOGIN),
      // High enough that the failures of every test here never throttle the shared address.
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  describe('refresh-token rotation', () => {
    it('returns a new refresh token, and the old one then fails with UNAUTHENTICATED', async () => {
      const prefix = uniqueName('rotate');
      const user = await stack.createUser([], `${prefix}-user`);
      const first = await expectRefreshWorks(stack, user.refreshToken);
      expect(first.user).toEqual({ id: user.id, login: user.login });
      expect(first.accessToken).not.toBe(user.accessToken);
      const me = await stack.operation('users', 'Me', { token: first.accessToken });
      expect(me.data!.me.id).toBe(user.id);

      await expectRefreshFails(stack, user.refreshToken);
    });

    it('keeps the session id (`sid`) across rotations and gives each login its own', async () => {
      const prefix = uniqueName('sid');
      const user = await stack.createUser([], `${prefix}-user`);
      const sid = claimsOf(user.accessToken).sid;
      expect(sid).toMatch(/^[0-9a-f-]{36}$/);
      const rotated = await expectRefreshWorks(stack, user.refreshToken);
      expect(claimsOf(rotated.accessToken).sid).toBe(sid);
      const other = await newSession(stack, user);
      expect(claimsOf(other.accessToken).sid).not.toBe(sid);
    });

    it('treats a rotated token presented again as reuse and revokes its whole family', async () => {
      const prefix = uniqueName('reuse');
      const user = await stack.createUser([], `${prefix}-user`);
      const otherSession = await newSession(stack, user);

      const second = await expectRefreshWorks(stack, user.refreshToken);
      const third = await expectRefreshWorks(stack, second.refreshToken);

      // A stolen copy of the first token is replayed.
      await expectRefreshFails(stack, user.refreshToken);
      // Even the newest token of that session is dead now.
      await expectRefreshFails(stack, third.refreshToken);
      await expectRefreshFails(stack, second.refreshToken);
      // Another session of the same user is a different family and lives on.
      await expectRefreshWorks(stack, otherSession.refreshToken);
    });

    it('rejects refresh tokens that were never issued', async () => {
      await expectRefreshFails(stack, randomBytes(32).toString('base64url'));
      await expectRefreshFails(stack, '');
    });
  });

  describe('logout', () => {
    it('ends one session but not another session of the same user', async () => {
      const prefix = uniqueName('logout');
      const user = await stack.createUser([], `${prefix}-user`);
      const other = await newSession(stack, user);

      const loggedOut = await stack.operation('users', 'Logout', {
        token: user.accessToken,
        variables: { refreshToken: user.refreshToken },
      });
      expect(loggedOut.errors).toBeUndefined();
      expect(loggedOut.data).toEqual({ logout: true });

      await expectRefreshFails(stack, user.refreshToken);
      await expectRefreshWorks(stack, other.refreshToken);
    });

    it("ends the whole session when given an earlier (rotated) token of it, and not another user's session", async () => {
      const prefix = uniqueName('logout-own');
      const user = await stack.createUser([], `${prefix}-a`);
      const stranger = await stack.createUser([], `${prefix}-b`);

      // Someone else cannot end this user's session with a token they got hold of.
      const foreign = await stack.operation('users', 'Logout', {
        token: stranger.accessToken,
        variables: { refreshToken: user.refreshToken },
      });
      expect(foreign.data).toEqual({ logout: false });
      const rotated = await expectRefreshWorks(stack, user.refreshToken);

      const loggedOut = await stack.operation('users', 'Logout', {
        token: rotated.accessToken,
        variables: { refreshToken: rotated.refreshToken },
      });
      expect(loggedOut.data).toEqual({ logout: true });
      await expectRefreshFails(stack, rotated.refreshToken);
      await expectRefreshWorks(stack, stranger.refreshToken);
    });

    it('needs an authenticated caller', async () => {
      const prefix = uniqueName('logout-anon');
      const user = await stack.createUser([], `${prefix}-user`);
      const anonymous = await stack.operation('users', 'Logout', { variables: { refreshToken: user.refreshToken } });
      expectError(anonymous, 'UNAUTHENTICATED');
      await expectRefreshWorks(stack, user.refreshToken);
    });
  });

  describe('logoutAll', () => {
    it("ends every session of the caller and no one else's", async () => {
      const prefix = uniqueName('logout-all');
      const user = await stack.createUser([], `${prefix}-user`);
      const second = await newSession(stack, user);
      const third = await newSession(stack, user);
      const thirdRotated = await expectRefreshWorks(stack, third.refreshToken);
      const bystander = await stack.createUser([], `${prefix}-other`);

      const response = await stack.operation('users', 'LogoutAll', { token: second.accessToken });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ logoutAll: true });

      await expectRefreshFails(stack, user.refreshToken);
      await expectRefreshFails(stack, second.refreshToken);
      await expectRefreshFails(stack, thirdRotated.refreshToken);
      await expectRefreshWorks(stack, bystander.refreshToken);

      // Signing in again starts a fresh session.
      const again = await newSession(stack, user);
      await expectRefreshWorks(stack, again.refreshToken);
    });

    it('needs an authenticated caller', async () => {
      expectError(await stack.operation('users', 'LogoutAll'), 'UNAUTHENTICATED');
    });
  });

  describe('changePassword', () => {
    it('revokes every other session, keeps the current one, and retires the old password', async () => {
      const prefix = uniqueName('chpw');
      const user = await stack.createUser([], `${prefix}-user`);
      const other = await newSession(stack, user);
      const another = await newSession(stack, user);
      const bystander = await stack.createUser([], `${prefix}-other`);

      // The current session is the one the access token names in `sid`.
      const current = await expectRefreshWorks(stack, user.refreshToken);
      expect(claimsOf(current.accessToken).sid).toBe(claimsOf(user.accessToken).sid);
      expect(claimsOf(other.accessToken).sid).not.toBe(claimsOf(current.accessToken).sid);

      const newPassword = `${prefix}-a brand new password`;
      const changed = await stack.operation('users', 'ChangePassword', {
        token: current.accessToken,
        variables: { currentPassword: user.password, newPassword },
      });
      expect(changed.errors).toBeUndefined();
      expect(changed.data).toEqual({ changePassword: true });

      // Other sessions of the user are over.
      await expectRefreshFails(stack, other.refreshToken);
      await expectRefreshFails(stack, another.refreshToken);
      // The current session goes on, and keeps rotating.
      const next = await expectRefreshWorks(stack, current.refreshToken);
      expect(claimsOf(next.accessToken).sid).toBe(claimsOf(current.accessToken).sid);
      await expectRefreshWorks(stack, next.refreshToken);
      // Other users are untouched.
      await expectRefreshWorks(stack, bystander.refreshToken);

      // The old password no longer logs in; the new one does.
      const withOld = await login(stack, user.login, user.password);
      expectError(withOld, 'UNAUTHENTICATED');
      expect(withOld.data?.login ?? null).toBeNull();
      const withNew = await login(stack, user.login, newPassword);
      expect(withNew.errors).toBeUndefined();
      expect(withNew.data!.login.user.id).toBe(user.id);
    });

    it('refuses a wrong current password or a too-short new one, changing nothing', async () => {
      const prefix = uniqueName('chpw-bad');
      const user = await stack.createUser([], `${prefix}-user`);
      const other = await newSession(stack, user);

      const wrongCurrent = await stack.operation('users', 'ChangePassword', {
        token: user.accessToken,
        variables: { currentPassword: `${user.password}-wrong`, newPassword: 'another long password' },
      });
      expectError(wrongCurrent, 'BAD_USER_INPUT');
      const tooShort = await stack.operation('users', 'ChangePassword', {
        token: user.accessToken,
        variables: { currentPassword: user.password, newPassword: 'short' },
      });
      expectError(tooShort, 'BAD_USER_INPUT');

      await expectRefreshWorks(stack, other.refreshToken);
      expect((await login(stack, user.login, user.password)).errors).toBeUndefined();
    });
  });

  describe('login throttling', () => {
    it('answers a wrong password and an unknown login with the identical error', async () => {
      const prefix = uniqueName('same-error');
      const user = await stack.createUser([], `${prefix}-user`);
      const wrongPassword = await login(stack, user.login, `${user.password}-wrong`);
      const unknownLogin = await login(stack, `${prefix}-nobody`, user.password);

      expectError(wrongPassword, 'UNAUTHENTICATED');
      expectError(unknownLogin, 'UNAUTHENTICATED');
      expect(wrongPassword.status).toBe(unknownLogin.status);
      expect(wrongPassword.data).toEqual(unknownLogin.data);
      const withoutRequestId = (response: GraphQLResponse) =>
        response.errors!.map(({ extensions, ...rest }) => ({
          ...rest,
          extensions: { ...extensions, requestId: undefined },
        }));
      expect(withoutRequestId(wrongPassword)).toEqual(withoutRequestId(unknownLogin));
      expect(wrongPassword.errors![0]!.message).toBe(unknownLogin.errors![0]!.message);
      // The message names neither which part was wrong nor the login.
      expect(wrongPassword.errors![0]!.message).not.toContain(user.login);
    });

    it('rate-limits a login after LOGIN_MAX_FAILURES failures, even with the right password', async () => {
      const prefix = uniqueName('throttle');
      const user = await stack.createUser([], `${prefix}-user`);
      const bystander = await stack.createUser([], `${prefix}-other`);

      for (let i = 0; i < MAX_FAILURES_PER_LOGIN; i++) {
        // Letter case does not make a login a different one for the throttle.
        const name = i % 2 ? user.login.toUpperCase() : user.login;
        expectError(await login(stack, name, `wrong password ${i}`), 'UNAUTHENTICATED');
      }

      const limited = await login(stack, user.login, user.password);
      expectError(limited, 'RATE_LIMITED');
      expect(limited.data?.login ?? null).toBeNull();
      const retryAfter = limited.errors![0]!.extensions!.retryAfterSeconds;
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(limited.errors![0]!.message).not.toContain(user.password);

      // Still limited on the next try, in another letter case too.
      expectError(await login(stack, user.login.toUpperCase(), user.password), 'RATE_LIMITED');
      // Another login from the same address is not affected.
      expect((await login(stack, bystander.login, bystander.password)).errors).toBeUndefined();
      // Sessions that already exist are not affected either.
      await expectRefreshWorks(stack, user.refreshToken);
    });

    it('counts failures in the login_throttle table and clears the login counter on success', async () => {
      const prefix = uniqueName('counter');
      const user = await stack.createUser([], `${prefix}-User`);
      const key = `login:${user.login.toLowerCase()}|from:127.0.0.1`;
      expect(await throttleRow(stack, key)).toBeUndefined();

      for (let i = 1; i < MAX_FAILURES_PER_LOGIN; i++) {
        expectError(await login(stack, user.login, 'not the password'), 'UNAUTHENTICATED');
        expect(await throttleRow(stack, key)).toEqual({ failures: i });
      }
      // Unknown logins are counted too, under their own key.
      const unknown = `${prefix}-Ghost`;
      expectError(await login(stack, unknown, 'whatever password'), 'UNAUTHENTICATED');
      expect(await throttleRow(stack, `login:${unknown.toLowerCase()}|from:127.0.0.1`)).toEqual({ failures: 1 });

      const success = await login(stack, user.login, user.password);
      expect(success.errors).toBeUndefined();
      expect(await throttleRow(stack, key)).toBeUndefined();

      // With the counter cleared, the full allowance of failures is available again.
      for (let i = 1; i < MAX_FAILURES_PER_LOGIN; i++) {
        expectError(await login(stack, user.login, 'not the password'), 'UNAUTHENTICATED');
      }
      expect(await throttleRow(stack, key)).toEqual({ failures: MAX_FAILURES_PER_LOGIN - 1 });
      expect((await login(stack, user.login, user.password)).errors).toBeUndefined();
    });
  });
});

describe('refresh-token expiry', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({ REFRESH_TOKEN_TTL_SECONDS: '2' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses a refresh token once its lifetime has passed', async () => {
    const prefix = uniqueName('expiry');
    const user = await stack.createUser([], `${prefix}-user`);
    const unused = await newSession(stack, user);
    // Within its lifetime a refresh token works, and the new one lives its own full lifetime.
    const rotated = await expectRefreshWorks(stack, user.refreshToken);

    await new Promise((resolve) => setTimeout(resolve, 2_500));

    await expectRefreshFails(stack, unused.refreshToken);
    await expectRefreshFails(stack, rotated.refreshToken);
    // The user can still sign in and gets a working session.
    const again = await newSession(stack, user);
    await expectRefreshWorks(stack, again.refreshToken);
  });
});

describe('login throttling per client address', () => {
  let stack: UsersTestStack;
  beforeAll(async () => {
    stack = await startUsersStack({
      LOGIN_MAX_FAILURES: '100',
      LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('rate-limits every login from an address after LOGIN_MAX_FAILURES_PER_ADDRESS failures across logins', async () => {
    const prefix = uniqueName('address');
    const victim = await stack.createUser([], `${prefix}-victim`);

    // One failure each for several different logins: no single login reaches its own limit.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      expectError(await login(stack, `${prefix}-guess${i}`, 'password guess'), 'UNAUTHENTICATED');
    }
    const addressRows = await stack.users.orm.em
      .getConnection()
      .execute<Array<{ key: string; failures: number }>>(
        "select key, failures from login_throttle where key like 'address:%'",
      );
    expect(addressRows).toHaveLength(1);
    expect(addressRows[0]!.failures).toBe(MAX_FAILURES_PER_ADDRESS);

    const limited = await login(stack, victim.login, victim.password);
    expectError(limited, 'RATE_LIMITED');
    const retryAfter = limited.errors![0]!.extensions!.retryAfterSeconds;
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);

    // A login never tried before is limited too, and a forged X-Forwarded-For does not escape.
    expectError(await login(stack, `${prefix}-fresh`, 'any password at all'), 'RATE_LIMITED');
    const spoofed = await stack.operation('users', 'Login', {
      variables: { login: victim.login, password: victim.password },
      headers: { 'x-forwarded-for': '203.0.113.77' },
    });
    expectError(spoofed, 'RATE_LIMITED');

    // Sessions already open keep working.
    await expectRefreshWorks(stack, victim.refreshToken);
  });
});
