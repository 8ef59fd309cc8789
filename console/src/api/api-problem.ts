import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

/** An error the API answered, as the console shows it: in words, with the id to quote. */
export interface ApiProblem {
  message: string;
  code: string;
  requestId: string | null;
  /** The input field a BAD_USER_INPUT names, such as `etl.fieldRule.minValue`. */
  field?: string;
  /** The line an INVALID_SCRIPT points at. */
  line?: number;
  /** How long a RATE_LIMITED caller waits. */
  retryAfterSeconds?: number;
}

interface GraphQLErrorLike {
  message: string;
  extensions?: Record<string, unknown> | null;
}

/** One GraphQL error of an answer, as a problem. */
export function problemFromGraphQLError(error: GraphQLErrorLike, fallbackRequestId: string | null = null): ApiProblem {
  const extensions = error.extensions ?? {};
  const problem: ApiProblem = {
    message: error.message,
    code: typeof extensions.code === 'string' ? extensions.code : 'ERROR',
    requestId: typeof extensions.requestId === 'string' ? extensions.requestId : fallbackRequestId,
  };
  if (typeof extensions.field === 'string') problem.field = extensions.field;
  if (typeof extensions.line === 'number') problem.line = extensions.line;
  if (typeof extensions.retryAfterSeconds === 'number') problem.retryAfterSeconds = extensions.retryAfterSeconds;
  return problem;
}

/** Whatever Apollo Client (or fetch) threw, as problems; a network failure is one without a code from the API. */
export function problemsFromError(error: unknown): ApiProblem[] {
  if (CombinedGraphQLErrors.is(error)) return error.errors.map((one) => problemFromGraphQLError(one));
  if (ServerError.is(error)) {
    const requestId = error.response.headers.get('x-request-id');
    try {
      const body = JSON.parse(error.bodyText) as { errors?: GraphQLErrorLike[] };
      if (body.errors?.length) return body.errors.map((one) => problemFromGraphQLError(one, requestId));
    } catch {
      // Not JSON: described by its status below.
    }
    return [{ message: `The server answered ${error.statusCode}`, code: 'SERVER_ERROR', requestId }];
  }
  if (error instanceof ApiProblemError) return error.problems;
  const message = error instanceof Error ? error.message : String(error);
  return [{ message: `The API could not be reached: ${message}`, code: 'NETWORK_ERROR', requestId: null }];
}

/** An error that already carries the API's problems (the session routes throw these). */
export class ApiProblemError extends Error {
  constructor(readonly problems: ApiProblem[]) {
    super(problems.map((problem) => problem.message).join('; '));
    this.name = 'ApiProblemError';
  }

  get code(): string {
    return this.problems[0]?.code ?? 'ERROR';
  }
}

/** The problem of an answer that names this input field (or a field under it). */
export function problemForField(problems: ApiProblem[], field: string): ApiProblem | undefined {
  return problems.find((problem) => problem.field === field || problem.field?.startsWith(`${field}.`));
}
