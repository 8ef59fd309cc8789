import { AppShell, Anchor, Button, Group, Text } from '@mantine/core';
import { Suspense } from 'react';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { Center, Loader } from '@mantine/core';
import { useSessionState, useSessionStore } from '../session/session-context';

const NAV = [
  { to: '/', label: 'Scripts', end: true },
  { to: '/runs', label: 'Runs', end: false },
  { to: '/explorer', label: 'API explorer', end: false },
];

export function PageLoader({ label }: { label: string }) {
  return (
    <Center p="xl">
      <Loader aria-label={label} />
    </Center>
  );
}

/** The frame of every signed-in page: where one is, who one is, and signing out. */
export function ConsoleLayout() {
  const { user } = useSessionState();
  const store = useSessionStore();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" component="nav" aria-label="Console">
          <Group gap="lg">
            <Anchor component={Link} to="/" fw={700} c="var(--mantine-color-text)">
              ETL console
            </Anchor>
            {NAV.map((item) => (
              <NavLink
                key={item.to}
                to={item.to}
                end={item.end}
                style={({ isActive }) => ({ fontWeight: isActive ? 700 : 400, color: 'inherit' })}
              >
                {item.label}
              </NavLink>
            ))}
          </Group>
          <Group gap="sm">
            <Text size="sm" data-testid="signed-in-as">
              {user?.displayName ?? user?.login}
            </Text>
            <Button variant="default" size="xs" onClick={() => void store.signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <main>
          <Suspense fallback={<PageLoader label="Loading the page" />}>
            <Outlet />
          </Suspense>
        </main>
      </AppShell.Main>
    </AppShell>
  );
}
