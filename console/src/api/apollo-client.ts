import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { Observable } from 'rxjs';
import type { SessionStore } from '../session/session-store';

const isUnauthenticated = (error: unknown) =>
  CombinedGraphQLErrors.is(error) && error.errors.some((one) => one.extensions?.code === 'UNAUTHENTICATED');

/**
 * The API client: each request carries the in-memory access token and a fresh request id (the
 * id every error names, so a user can quote it). A request refused as UNAUTHENTICATED is sent
 * again once after a refresh; when the refresh fails too, the store ends the session and the
 * console returns to the sign-in page.
 */
export function createApolloClient(session: SessionStore, uri = '/graphql'): ApolloClient {
  const auth = new SetContextLink((previous) => {
    const headers: Record<string, string> = { ...(previous.headers as Record<string, string> | undefined) };
    headers['x-request-id'] = crypto.randomUUID();
    if (session.accessToken) headers.authorization = `Bearer ${session.accessToken}`;
    return { headers };
  });
  const retryOnceSignedIn = new ErrorLink(({ error, operation, forward }) => {
    if (!isUnauthenticated(error) || operation.getContext().retriedAfterRefresh) return;
    operation.setContext({ retriedAfterRefresh: true });
    return new Observable<ApolloLink.Result>((observer) => {
      let inner: { unsubscribe(): void } | undefined;
      void session.recoverFromUnauthenticated().then((recovered) => {
        if (!recovered) return observer.error(error);
        inner = forward(operation).subscribe(observer);
      });
      return () => inner?.unsubscribe();
    });
  });
  return new ApolloClient({
    link: ApolloLink.from([retryOnceSignedIn, auth, new HttpLink({ uri, credentials: 'omit' })]),
    cache: new InMemoryCache({
      typePolicies: {
        // The tree is fetched whole and replaced whole.
        ScriptTree: { keyFields: [] },
        Script: { fields: { versions: { merge: false } } },
        Folder: { fields: { children: { merge: false }, scripts: { merge: false } } },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
