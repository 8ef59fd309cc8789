import { errorCodes, TEST_GATEWAY_SECRET, uniqueName, type TestUser } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TokenRevocations } from '../src/revocations/token-revocations.js';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

const HAS = 'query Has($rule: JSON!) { hasPermissions(rule: $rule) }';
const ACCOUNT = 'query Account($id: ID!) { user(id: $id) { id login displayName disabledAt deletedAt } }';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
/** Long enough for the users subgraph's own list to be reloaded (twice per REVOCATION_MAX_DELAY_SECONDS) on a loaded machine. */
const REVOKED_WITHIN = { timeout: 15_000, interval: 200 };

/**
 * Disabling, enabling, deleting accounts and resetting passwords, sessions, and the API token
 * exchange, through the real gateway on one stack.
 */
describe('account lifecycle', () => {
  let stack: UsersTestStack;
  let admin: string;
  let adminId: string;

  const call = (operation: string, token: string | undefined, variables: Record<string, unknown> = {}) =>
    stack.operation('users', operation, { token, variables });
  const login = (user: { login: string }, password: string) =>
    call('Login', undefined, { login: user.login, password });
  const account = async (id: string) => (await stack.request(ACCOUNT, { token: admin, variables: { id } })).data!.user;
  async function apiTokenOf(user: TestUser): Promise<string> {
    const input = { name: uniqueName('lifecycle'), permissions: ['scripts:read'], expiresAt: inHours(24) };
    const created = await call('CreateApiToken', user.accessToken, { input });
    if (!created.data?.createApiToken) throw new Error(`createApiToken failed: ${created.text}`);
    return created.data.createApiToken.secret as string;
  }

  beforeAll(async () => {
    stack = await startUsersStack();
    admin = await stack.adminToken();
    adminId = (await call('Me', admin)).data!.me.id;
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('disables an account: no sign-in, no refresh, no API token, old tokens refused; enabling lets it sign in', async () => {
    const user = await stack.createUser(['operator']);
    const secret = await apiTokenOf(user);
    const disabled = await call('DisableUser', admin, { userId: user.id });
    expect(disabled.data!.disableUser).toEqual({ id: user.id, login: user.login, disabledAt: expect.any(String) });
    // Told it is disabled only with the right password; a wrong one is any wrong password.
    const right = await login(user, user.password);
    expect(errorCodes(right)).toEqual(['FORBIDDEN']);
    expect(right.errors![0]!.message).toMatch(/disabled/);
    expect(errorCodes(await login(user, 'not the password'))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await call('Refresh', undefined, { refreshToken: user.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect(errorCodes(await stack.request(HAS, { token: secret, variables: { rule: 'scripts:read' } }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    await vi.waitFor(
      async () => expect(errorCodes(await call('Me', user.accessToken))).toEqual(['UNAUTHENTICATED']),
      REVOKED_WITHIN,
    );
    const enabled = await call('EnableUser', admin, { userId: user.id });
    expect(enabled.data!.enableUser).toEqual({ id: user.id, login: user.login, disabledAt: null });
    const again = await login(user, user.password);
    expect(errorCodes(again)).toEqual([]);
    expect(errorCodes(await call('Me', again.data!.login.accessToken))).toEqual([]);
  });

  it('deletes an account but keeps it as the owner of what it made, and frees its login', async () => {
    const user = await stack.createUser(['editor']);
    await apiTokenOf(user);
    expect((await call('DeleteUser', admin, { userId: user.id })).data).toEqual({ deleteUser: true });
    expect(await account(user.id)).toEqual({
      id: user.id,
      login: `deleted-${user.id}`,
      displayName: null,
      disabledAt: expect.any(String),
      deletedAt: expect.any(String),
    });
    const listed = await call('Users', admin, { search: user.login });
    expect(listed.data!.users.totalCount).toBe(0);
    expect(errorCodes(await login(user, user.password))).toEqual(['UNAUTHENTICATED']);
    const tokens = await call('ApiTokens', admin, { userId: user.id });
    expect(tokens.data!.apiTokens.every((t: { revokedAt: string | null }) => t.revokedAt !== null)).toBe(true);
    const reused = await call('Register', undefined, { input: { login: user.login, password: 'a new password' } });
    expect(errorCodes(reused)).toEqual([]);
    // A deleted account is gone for the lifecycle operations.
    for (const operation of ['DisableUser', 'EnableUser', 'DeleteUser', 'ResetPassword']) {
      expect(errorCodes(await call(operation, admin, { userId: user.id })), operation).toEqual(['NOT_FOUND']);
    }
    await vi.waitFor(
      async () => expect(errorCodes(await call('Me', user.accessToken))).toEqual(['UNAUTHENTICATED']),
      REVOKED_WITHIN,
    );
  });

  it('never disables or deletes the last enabled admin, nor the caller itself', async () => {
    const userAdminRole = await call('CreateRole', admin, {
      input: { name: uniqueName('lifecycle-admins'), permissions: ['users:admin'] },
    });
    const partial = await stack.createUser([userAdminRole.data!.createRole.name]);
    for (const operation of ['DisableUser', 'DeleteUser']) {
      const last = await call(operation, partial.accessToken, { userId: adminId });
      expect(errorCodes(last), operation).toEqual(['CONFLICT']);
      expect(last.errors![0]!.message).toMatch(/last enabled admin/);
      const self = await call(operation, admin, { userId: adminId });
      expect(errorCodes(self), operation).toEqual(['CONFLICT']);
      expect(self.errors![0]!.message).toMatch(/your own account/);
    }
    expect(await account(adminId)).toMatchObject({ disabledAt: null, deletedAt: null });
    // With a second admin enabled, the first may be disabled; a disabled admin does not count.
    const second = await stack.createUser(['admin']);
    expect(errorCodes(await call('DisableUser', partial.accessToken, { userId: second.id }))).toEqual([]);
    expect(errorCodes(await call('DeleteUser', partial.accessToken, { userId: adminId }))).toEqual(['CONFLICT']);
    expect(errorCodes(await call('UnassignRole', admin, { userId: adminId, role: 'admin' }))).toEqual(['CONFLICT']);
  });

  it('resets a password to a one-time password whose sign-in can only change it', async () => {
    const user = await stack.createUser(['operator']);
    const reset = await call('ResetPassword', admin, { userId: user.id });
    expect(errorCodes(reset)).toEqual([]);
    const { oneTimePassword } = reset.data!.resetPassword;
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(reset.data!.resetPassword.user).toEqual({ id: user.id, login: user.login, passwordChangeRequired: true });
    expect(errorCodes(await login(user, user.password))).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes(await call('Refresh', undefined, { refreshToken: user.refreshToken }))).toEqual([
      'UNAUTHENTICATED',
    ]);
    const signedIn = await login(user, oneTimePassword);
    expect(signedIn.data!.login.passwordChangeRequired).toBe(true);
    const restricted = signedIn.data!.login.accessToken as string;
    expect((await stack.request(HAS, { token: restricted, variables: { rule: 'scripts:read' } })).data).toEqual({
      hasPermissions: false,
    });
    const input = { name: 'while reset', permissions: ['scripts:read'], expiresAt: inHours(1) };
    expect(errorCodes(await call('CreateApiToken', restricted, { input }))).toEqual(['FORBIDDEN']);
    const refreshedEarly = await call('Refresh', undefined, { refreshToken: signedIn.data!.login.refreshToken });
    expect(refreshedEarly.data!.refreshToken.passwordChangeRequired).toBe(true);
    const changed = await call('ChangePassword', refreshedEarly.data!.refreshToken.accessToken, {
      currentPassword: oneTimePassword,
      newPassword: 'chosen by the user',
    });
    expect(changed.data).toEqual({ changePassword: true });
    const refreshed = await call('Refresh', undefined, {
      refreshToken: refreshedEarly.data!.refreshToken.refreshToken,
    });
    expect(refreshed.data!.refreshToken.passwordChangeRequired).toBe(false);
    const full = refreshed.data!.refreshToken.accessToken as string;
    expect((await stack.request(HAS, { token: full, variables: { rule: 'scripts:read' } })).data).toEqual({
      hasPermissions: true,
    });
    expect(errorCodes(await login(user, oneTimePassword))).toEqual(['UNAUTHENTICATED']);
  });

  it('has no password to reset for a service account', async () => {
    const created = await call('CreateServiceAccount', admin, { input: { login: uniqueName('svc') } });
    const reset = await call('ResetPassword', admin, { userId: created.data!.createServiceAccount.id });
    expect(errorCodes(reset)).toEqual(['CONFLICT']);
  });

  it('answers bad ids with BAD_USER_INPUT and unknown ones with NOT_FOUND, changing nothing', async () => {
    for (const operation of ['DisableUser', 'EnableUser', 'DeleteUser', 'ResetPassword']) {
      expect(errorCodes(await call(operation, admin, { userId: 'not-a-uuid' })), operation).toEqual(['BAD_USER_INPUT']);
      expect(
        errorCodes(await call(operation, admin, { userId: '00000000-0000-4000-8000-000000000000' })),
        operation,
      ).toEqual(['NOT_FOUND']);
    }
  });

  /** A user's sessions: listed with where they come from, ended one at a time. */
  describe('sessions', () => {
    it('lists live sessions with user agent, address and times, and ends one', async () => {
      const user = await stack.createUser();
      const other = await stack.operation('users', 'Login', {
        variables: { login: user.login, password: user.password },
        headers: { 'user-agent': 'etl-client/1.0 (laptop)' },
      });
      const laptop = other.data!.login;
      const listed = await stack.operation('users', 'Sessions', { token: user.accessToken });
      expect(errorCodes(listed)).toEqual([]);
      const sessions = listed.data!.sessions as Array<Record<string, any>>;
      // createUser signed in once (the admin made the account); the newest is first.
      expect(sessions).toHaveLength(2);
      expect(sessions[0]).toEqual({
        id: expect.any(String),
        userAgent: 'etl-client/1.0 (laptop)',
        address: expect.stringMatching(/127\.0\.0\.1/),
        createdAt: expect.any(String),
        lastUsedAt: expect.any(String),
        expiresAt: expect.any(String),
        current: false,
      });
      expect(sessions.filter((s) => s.current)).toHaveLength(1);
      const revoked = await stack.operation('users', 'RevokeSession', {
        token: user.accessToken,
        variables: { id: sessions[0]!.id },
      });
      expect(revoked.data).toEqual({ revokeSession: true });
      const refresh = await stack.operation('users', 'Refresh', { variables: { refreshToken: laptop.refreshToken } });
      expect(errorCodes(refresh)).toEqual(['UNAUTHENTICATED']);
      await vi.waitFor(
        async () =>
          expect(errorCodes(await stack.operation('users', 'Me', { token: laptop.accessToken }))).toEqual([
            'UNAUTHENTICATED',
          ]),
        REVOKED_WITHIN,
      );
      expect(errorCodes(await stack.operation('users', 'Me', { token: user.accessToken }))).toEqual([]);
      const again = await stack.operation('users', 'RevokeSession', {
        token: user.accessToken,
        variables: { id: sessions[0]!.id },
      });
      expect(again.data).toEqual({ revokeSession: false });
      const after = await stack.operation('users', 'Sessions', { token: user.accessToken });
      expect(after.data!.sessions).toHaveLength(1);
    });

    it("shows and ends another user's sessions for users:admin only", async () => {
      const [owner, stranger] = [await stack.createUser(), await stack.createUser(['editor'])];
      const ownerSessions = await stack.operation('users', 'Sessions', {
        token: admin,
        variables: { userId: owner.id },
      });
      const id = ownerSessions.data!.sessions[0].id as string;
      expect(ownerSessions.data!.sessions.every((s: { current: boolean }) => !s.current)).toBe(true);
      const peek = await stack.operation('users', 'Sessions', {
        token: stranger.accessToken,
        variables: { userId: owner.id },
      });
      expect(errorCodes(peek)).toEqual(['FORBIDDEN']);
      const foreign = await stack.operation('users', 'RevokeSession', {
        token: stranger.accessToken,
        variables: { id },
      });
      expect(errorCodes(foreign)).toEqual(['NOT_FOUND']);
      expect(
        errorCodes(await stack.operation('users', 'Refresh', { variables: { refreshToken: owner.refreshToken } })),
      ).toEqual([]);
      const byAdmin = await stack.operation('users', 'RevokeSession', { token: admin, variables: { id } });
      expect(byAdmin.data).toEqual({ revokeSession: true });
    });

    it('refuses malformed ids and anonymous callers', async () => {
      const user = await stack.createUser();
      const malformed = await stack.operation('users', 'RevokeSession', {
        token: user.accessToken,
        variables: { id: 'x' },
      });
      expect(errorCodes(malformed)).toEqual(['BAD_USER_INPUT']);
      const badUser = await stack.operation('users', 'Sessions', { token: admin, variables: { userId: 'x' } });
      expect(errorCodes(badUser)).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await stack.operation('users', 'Sessions', {}))).toEqual(['UNAUTHENTICATED']);
      const unknown = { id: '00000000-0000-4000-8000-000000000000' };
      expect(
        errorCodes(await stack.operation('users', 'RevokeSession', { token: user.accessToken, variables: unknown })),
      ).toEqual(['NOT_FOUND']);
    });
  });

  /** The users subgraph trades API tokens with the gateway only, for tokens the verifiers accept. */
  describe('API token exchange', () => {
    async function exchange(secret: string, headers: Record<string, string> = {}) {
      const response = await fetch(new URL('/auth/api-token-exchange', stack.users.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ secret }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> };
    }

    it("refuses anyone without the gateway's secret, even with a valid API token", async () => {
      const user = await stack.createUser(['operator']);
      const input = { name: 'direct', permissions: ['scripts:read'], expiresAt: inHours(24) };
      const secret = (
        await stack.operation('users', 'CreateApiToken', { token: user.accessToken, variables: { input } })
      ).data!.createApiToken.secret as string;
      const attempts: Array<Record<string, string>> = [
        {},
        { 'x-gateway-secret': 'a-wrong-secret-of-32-characters-or-more' },
      ];
      for (const headers of attempts) {
        const refused = await exchange(secret, headers);
        expect(refused.status).toBe(403);
        expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
        expect(refused.body).not.toHaveProperty('accessToken');
      }
      expect((await exchange(secret, { 'x-gateway-secret': TEST_GATEWAY_SECRET })).status).toBe(200);
    });

    it('mints access tokens with every required claim, living no longer than the API token', async () => {
      const user = await stack.createUser(['operator']);
      const expiresAt = new Date(Date.now() + 120_000);
      const input = { name: 'short', permissions: ['scripts:read'], expiresAt: expiresAt.toISOString() };
      const created = await stack.operation('users', 'CreateApiToken', {
        token: user.accessToken,
        variables: { input },
      });
      const { secret, apiToken } = created.data!.createApiToken;
      const answered = await exchange(secret, { 'x-gateway-secret': TEST_GATEWAY_SECRET });
      expect(answered.status).toBe(200);
      const claims = JSON.parse(Buffer.from(answered.body.accessToken.split('.')[1], 'base64url').toString('utf8'));
      expect(claims).toMatchObject({
        sub: user.id,
        sid: apiToken.id,
        perms: ['scripts:read'],
        iss: expect.any(String),
        aud: expect.any(String),
        iat: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(claims.exp).toBeLessThanOrEqual(Math.floor(expiresAt.getTime() / 1000));
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(3600);
      expect(Date.parse(answered.body.expiresAt)).toBe(claims.exp * 1000);
    });
  });

  /** Per-user revocations in quick succession, as a role given, a sign-in and the role taken make them. */
  describe('revocations of one user within a second', () => {
    it('lie a second apart, so a token dated to the first is caught by the second', async () => {
      const user = await stack.createUser();
      const revocations = new TokenRevocations(900);
      const em = stack.users.orm.em.fork();
      await revocations.revokeUser(em, user.id);
      await em.flush();
      // A sign-in now is dated to the first revocation's second…
      const issuedAt = Math.floor((await revocations.issueTime(em, user.id)) / 1000);
      await revocations.revokeUser(em, user.id);
      await em.flush();
      const snapshot = await revocations.snapshot(em);
      // …and the second revocation refuses it.
      expect(snapshot.users[user.id]).toBeGreaterThan(issuedAt);
    });
  });
});
