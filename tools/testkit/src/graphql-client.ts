export interface GraphQLErrorBody {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; requestId?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: GraphQLErrorBody[] | undefined;
  /** The raw body text, to assert that nothing internal leaks. */
  text: string;
}

export interface GraphQLRequestOptions {
  variables?: Record<string, unknown>;
  operationName?: string;
  token?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a GraphQL request over real HTTP, as a plain client would. */
export async function postGraphQL<T = Record<string, any>>(
  url: string,
  query: string,
  options: GraphQLRequestOptions = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables: options.variables ?? {}, operationName: options.operationName }),
  });
  const text = await response.text();
  let body: { data?: T | null; errors?: GraphQLErrorBody[] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the test sees `text`
  }
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors, text };
}

/** The error codes of a response, in order: what most assertions look at. */
export function errorCodes(response: GraphQLResponse): string[] {
  return (response.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
}
