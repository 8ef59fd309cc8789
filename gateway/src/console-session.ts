import type { ApolloServer } from '@apollo/server';
import type { HttpService } from '@etl/kit';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { GatewayContext } from './gateway-context.js';

/** Where the console signs in, refreshes and signs out; the refresh cookie is sent nowhere else. */
export const CONSOLE_SESSION_PATH = '/console/session';
const REFRESH_COOKIE = 'etl_console_refresh';
/** A login and a password fit with room to spare. */
const SESSION_BODY_BYTES = 16 * 1024;
/**
 * Every call must carry this header: a cross-site form cannot set it, and a cross-site script
 * that tries needs a CORS preflight, which these routes never grant.
 */
export const CONSOLE_CSRF_HEADER = 'x-etl-console';

const SESSION = 'accessToken refreshToken expiresAt refreshTokenExpiresAt user { id login displayName permissions }';
const LOGIN = `mutation ConsoleLogin($login: String!, $password: String!) { login(login: $login, password: $password) { ${SESSION} } }`;
const REFRESH = `mutation ConsoleRefresh($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { ${SESSION} } }`;
const LOGOUT = 'mutation ConsoleLogout($refreshToken: String!) { logout(refreshToken: $refreshToken) }';

interface SessionPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  refreshTokenExpiresAt: string;
  user: { id: string; login: string; displayName: string | null; permissions: string[] };
}

type ContextFor = (req: Request, res: Response, authorization: string | undefined) => GatewayContext;
type Operation = { data?: Record<string, unknown> | null; errors?: ReadonlyArray<unknown> };

function errorReply(res: Response, status: number, code: string, message: string): void {
  const requestId = res.locals.requestId as string;
  res.status(status).json({ errors: [{ message, extensions: { code, requestId } }] });
}

/**
 * The browser's own origin check: a request must come from a page of this very origin. Browsers
 * send `Origin` on every POST made by fetch, same-origin ones included.
 */
function sameOriginRequest(req: Request): boolean {
  if (req.get(CONSOLE_CSRF_HEADER) !== '1') return false;
  const origin = req.get('origin');
  return origin !== undefined && origin === `${req.protocol}://${req.host}`;
}

function refreshCookie(req: Request, value: string, expires: Date): string {
  return serializeCookie(REFRESH_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    path: CONSOLE_SESSION_PATH,
    expires,
  });
}

/** The session as the console's script sees it: everything but the refresh token. */
function answerSession(req: Request, res: Response, session: SessionPayload): void {
  res.setHeader('set-cookie', refreshCookie(req, session.refreshToken, new Date(session.refreshTokenExpiresAt)));
  res.setHeader('cache-control', 'no-store');
  const { accessToken, expiresAt, user } = session;
  res.json({ data: { session: { accessToken, expiresAt, user } } });
}

function clearCookie(req: Request, res: Response): void {
  res.setHeader('set-cookie', refreshCookie(req, '', new Date(0)));
}

/**
 * The console's sign-in, kept out of reach of the page's scripts: the gateway signs in (and
 * refreshes) on the console's behalf through its own GraphQL pipeline, keeps the refresh token
 * in an httpOnly, SameSite=Strict cookie scoped to these routes (Secure over https), and hands
 * the page only the short-lived access token, which the page keeps in memory. API calls at
 * /graphql never read cookies, so the cookie cannot authorise anything but a refresh.
 */
export function mountConsoleSession(
  service: HttpService,
  apollo: ApolloServer<GatewayContext>,
  contextFor: ContextFor,
): void {
  const execute = async (req: Request, res: Response, query: string, variables: Record<string, unknown>) => {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: contextFor(req, res, req.get('authorization')) },
    );
    if (response.body.kind !== 'single') throw new Error('a session operation answered incrementally');
    return response.body.singleResult as Operation;
  };
  const route = (name: string, handle: (req: Request, res: Response) => Promise<void>) =>
    service.app.post(`${CONSOLE_SESSION_PATH}/${name}`, service.jsonBody(SESSION_BODY_BYTES), (req, res, next) => {
      if (!sameOriginRequest(req)) return errorReply(res, 403, 'FORBIDDEN', 'Console requests must come from its page');
      handle(req, res).catch(next);
    });

  route('login', async (req, res) => {
    const { login, password } = (req.body ?? {}) as { login?: unknown; password?: unknown };
    if (typeof login !== 'string' || typeof password !== 'string') {
      return errorReply(res, 400, 'BAD_USER_INPUT', 'Give a login and a password');
    }
    const result = await execute(req, res, LOGIN, { login, password });
    if (result.errors?.length || !result.data?.login) {
      res.json({ errors: result.errors });
      return;
    }
    answerSession(req, res, result.data.login as SessionPayload);
  });

  route('refresh', async (req, res) => {
    const refreshToken = parseCookies(req.get('cookie') ?? '')[REFRESH_COOKIE];
    if (!refreshToken) return errorReply(res, 401, 'UNAUTHENTICATED', 'Not signed in');
    const result = await execute(req, res, REFRESH, { refreshToken });
    if (result.errors?.length || !result.data?.refreshToken) {
      clearCookie(req, res);
      res.status(401).json({ errors: result.errors });
      return;
    }
    answerSession(req, res, result.data.refreshToken as SessionPayload);
  });

  route('logout', async (req, res) => {
    const refreshToken = parseCookies(req.get('cookie') ?? '')[REFRESH_COOKIE];
    // Ended on the server when the access token still allows it; the cookie goes either way.
    if (refreshToken && req.get('authorization')) await execute(req, res, LOGOUT, { refreshToken });
    clearCookie(req, res);
    res.json({ data: { signedOut: true } });
  });
}
