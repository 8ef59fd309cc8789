import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApolloClient } from './api/apollo-client';
import { App } from './app';
import { sessionApi } from './session/session-api';
import { SessionStore } from './session/session-store';

const store = new SessionStore(sessionApi);
const client = createApolloClient(store);
// A session ended elsewhere leaves nothing of the last user's data in the cache.
store.subscribe(() => {
  if (store.snapshot().status === 'signed-out') void client.clearStore();
});
void store.restore();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} client={client} />
  </StrictMode>,
);
