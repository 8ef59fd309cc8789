import 'graphiql/style.css';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import { useSessionStore } from '../session/session-context';

/**
 * GraphiQL, bundled with the console so that it works without internet (Apollo Sandbox loads
 * its code from a CDN). Requests go out as the console's user, with the in-memory token.
 */
export function ExplorerPage() {
  const store = useSessionStore();
  const fetcher = useMemo(
    () => async (params: unknown) => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-request-id': crypto.randomUUID(),
      };
      if (store.accessToken) headers.authorization = `Bearer ${store.accessToken}`;
      const response = await fetch('/graphql', { method: 'POST', headers, body: JSON.stringify(params) });
      return response.json();
    },
    [store],
  );
  return (
    <div style={{ height: 'calc(100vh - 88px)' }} data-testid="explorer">
      <GraphiQL fetcher={fetcher} />
    </div>
  );
}
