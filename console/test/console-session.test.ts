import { TEST_ADMIN } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleStack, type ConsoleTestStack } from './support/console-stack.js';

/**
 * The gateway's sign-in for the console: the refresh token only ever in an httpOnly,
 * SameSite=Strict cookie, and every call checked against cross-site requests.
 */
describe('console sessions at /console/session', () => {
  let stack: ConsoleTestStack;
  beforeAll(async () => {
    stack = await startConsoleStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const call = (name: string, options: { body?: object; cookie?: string; headers?: Record<string, string> } = {}) =>
    fetch(`${stack.origin}/console/session/${name}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-etl-console': '1',
        origin: stack.origin,
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...options.headers,
      },
      body: JSON.stringify(options.body ?? {}),
    });
  const cookieOf = (response: Response) => response.headers.get('set-cookie')!.split(';')[0]!;
  const signIn = () => call('login', { body: TEST_ADMIN });

  it('signs in with the refresh token in a cookie that scripts cannot read, and the access token in the body', async () => {
    const response = await signIn();
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^etl_console_refresh=[^;]+; Path=\/console\/session; Expires=.+; HttpOnly; SameSite=Strict$/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { data: { session: Record<string, unknown> } };
    expect(Object.keys(body.data.session).sort()).toEqual(['accessToken', 'expiresAt', 'user']);
    expect(body.data.session.user).toMatchObject({ login: 'admin', permissions: ['*'] });
    expect(JSON.stringify(body)).not.toContain(cookieOf(response).split('=')[1]);
  });

  it('refuses calls without the console header, from another origin, or without an origin', async () => {
    const refused: Array<Record<string, string>> = [
      { 'x-etl-console': '' },
      { origin: 'https://evil.example' },
      { origin: '' },
    ];
    for (const headers of refused) {
      const response = await call('login', { body: TEST_ADMIN, headers });
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0]!.extensions.code).toBe('FORBIDDEN');
    }
  });

  it('answers a wrong password with the API error, and sets no cookie', async () => {
    const response = await call('login', { body: { login: 'admin', password: 'not-the-password' } });
    const body = (await response.json()) as { errors: Array<{ extensions: { code: string; requestId: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(body.errors[0]!.extensions.requestId).toBe(response.headers.get('x-request-id'));
    expect(response.headers.get('set-cookie')).toBeNull();
    expect((await call('login', { body: { login: 1 } })).status).toBe(400);
  });

  it('refreshes from the cookie, rotating it; a reused cookie ends the session and is cleared', async () => {
    const first = cookieOf(await signIn());
    const refreshed = await call('refresh', { cookie: first });
    expect(refreshed.status).toBe(200);
    const second = cookieOf(refreshed);
    expect(second).not.toBe(first);
    const reused = await call('refresh', { cookie: first });
    expect(reused.status).toBe(401);
    expect(reused.headers.get('set-cookie')).toMatch(/^etl_console_refresh=; .*Expires=Thu, 01 Jan 1970/);
    // Reuse ended the whole session: the newer cookie is dead too.
    expect((await call('refresh', { cookie: second })).status).toBe(401);
    expect((await call('refresh')).status).toBe(401);
  });

  it('signs out: the session ends on the server and the cookie is cleared', async () => {
    const signedIn = await signIn();
    const cookie = cookieOf(signedIn);
    const { data } = (await signedIn.json()) as { data: { session: { accessToken: string } } };
    const out = await call('logout', { cookie, headers: { authorization: `Bearer ${data.session.accessToken}` } });
    expect(await out.json()).toEqual({ data: { signedOut: true } });
    expect(out.headers.get('set-cookie')).toMatch(/^etl_console_refresh=;/);
    expect((await call('refresh', { cookie })).status).toBe(401);
  });

  it('never lets the cookie authorise an API call', async () => {
    const cookie = cookieOf(await signIn());
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ me { login } }' }),
    });
    expect(await response.json()).toEqual({ data: { me: null } });
  });
});
