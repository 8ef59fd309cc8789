import { ApiProblemError, problemFromGraphQLError } from '../api/api-problem';

/** The signed-in user as the console needs it: who, and what they may do. */
export interface ConsoleUser {
  id: string;
  login: string;
  displayName: string | null;
  permissions: string[];
}

/** What the gateway hands the page: the access token (kept in memory only) and its expiry. */
export interface ConsoleSession {
  accessToken: string;
  expiresAt: string;
  user: ConsoleUser;
}

const SESSION_PATH = '/console/session';

interface SessionAnswer {
  data?: { session?: ConsoleSession; signedOut?: boolean };
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * Calls one of the gateway's session routes. The refresh token travels only as the gateway's
 * httpOnly cookie; the custom header and same-origin credentials are what its CSRF check wants.
 */
async function callSessionRoute(name: string, body: object, accessToken?: string): Promise<SessionAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-etl-console': '1' };
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  const response = await fetch(`${SESSION_PATH}/${name}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers,
    body: JSON.stringify(body),
  });
  const requestId = response.headers.get('x-request-id');
  const answer = (await response.json().catch(() => ({}))) as SessionAnswer;
  if (answer.errors?.length) {
    throw new ApiProblemError(answer.errors.map((error) => problemFromGraphQLError(error, requestId)));
  }
  if (!response.ok) {
    throw new ApiProblemError([{ message: `The server answered ${response.status}`, code: 'SERVER_ERROR', requestId }]);
  }
  return answer;
}

function sessionOf(answer: SessionAnswer): ConsoleSession {
  if (!answer.data?.session)
    throw new ApiProblemError([{ message: 'No session in the answer', code: 'ERROR', requestId: null }]);
  return answer.data.session;
}

export const sessionApi = {
  async login(login: string, password: string): Promise<ConsoleSession> {
    return sessionOf(await callSessionRoute('login', { login, password }));
  },
  async refresh(): Promise<ConsoleSession> {
    return sessionOf(await callSessionRoute('refresh', {}));
  },
  async logout(accessToken: string | undefined): Promise<void> {
    await callSessionRoute('logout', {}, accessToken);
  },
};

export type SessionApi = typeof sessionApi;
