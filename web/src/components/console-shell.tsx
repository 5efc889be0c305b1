import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useLogout, useMe } from '../api/session-queries';
import { ThemeToggle } from './theme-toggle';

/** A navigation entry of a shell. */
export interface NavEntry {
  to: string;
  label: string;
}

/** The frame of the console and the portal: header with user, theme and sign-out; nav; the page. */
export function ConsoleShell({ title, nav }: { title: string; nav: NavEntry[] }) {
  const me = useMe();
  const logout = useLogout();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = () => logout.mutate(undefined, { onSettled: () => void navigate('/login') });
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>{title}</Title>
          <Group gap="sm">
            <Text size="sm" c="dimmed">
              {me.data?.username}
            </Text>
            <ThemeToggle />
            <Button variant="default" size="xs" onClick={signOut} loading={logout.isPending}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {nav.map((entry) => (
          <NavLink
            key={entry.to}
            component={Link}
            to={entry.to}
            label={entry.label}
            active={entry.to === '/' ? location.pathname === '/' : location.pathname.startsWith(entry.to)}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
