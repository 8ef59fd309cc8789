import { ApolloProvider } from '@apollo/client/react';
import type { ApolloClient } from '@apollo/client';
import { createTheme, MantineProvider, Text, Title, type CSSVariablesResolver } from '@mantine/core';
import { lazy } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { ConsoleLayout } from './layout/console-layout';
import { LoginPage } from './session/login-page';
import { RequireSignedIn, SessionProvider } from './session/session-context';
import type { SessionStore } from './session/session-store';
import { TreePage } from './tree/tree-page';

// The editor (CodeMirror), the runs pages and GraphiQL load when first visited, which keeps
// the first download small.
const ScriptPage = lazy(() => import('./script/script-page').then((module) => ({ default: module.ScriptPage })));
const RunsPage = lazy(() => import('./runs/runs-page').then((module) => ({ default: module.RunsPage })));
const RunPage = lazy(() => import('./runs/run-page').then((module) => ({ default: module.RunPage })));
const ExplorerPage = lazy(() =>
  import('./explorer/explorer-page').then((module) => ({ default: module.ExplorerPage })),
);

// Mantine's default blue (shade 6) and dimmed grey fall short of WCAG AA contrast on white;
// one shade darker and gray-7 pass it.
const theme = createTheme({ primaryShade: { light: 8, dark: 8 } });
const contrastVariables: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: { '--mantine-color-dimmed': resolved.colors.gray[7]! },
  dark: {},
});

function NotFound() {
  return (
    <>
      <Title order={1} size="h3">
        Not found
      </Title>
      <Text>There is no page at this address.</Text>
    </>
  );
}

export function App({ store, client }: { store: SessionStore; client: ApolloClient }) {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={contrastVariables}>
      <SessionProvider store={store}>
        <ApolloProvider client={client}>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route
                element={
                  <RequireSignedIn>
                    <ConsoleLayout />
                  </RequireSignedIn>
                }
              >
                <Route index element={<TreePage />} />
                <Route path="scripts/:scriptId" element={<ScriptPage />} />
                <Route path="scripts/:scriptId/:tab" element={<ScriptPage />} />
                <Route path="runs" element={<RunsPage />} />
                <Route path="runs/:runId" element={<RunPage />} />
                <Route path="explorer" element={<ExplorerPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </ApolloProvider>
      </SessionProvider>
    </MantineProvider>
  );
}
