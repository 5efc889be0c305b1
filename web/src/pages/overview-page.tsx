import { Anchor, List, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

/** The console's first page; the dashboard of issue 17 replaces it. */
export function OverviewPage() {
  return (
    <Stack>
      <Title order={2}>Overview</Title>
      <Text>The dashboard (requests, errors, latency, tokens and cost over time) is not built yet.</Text>
      <List>
        <List.Item>
          <Anchor component={Link} to="/providers">
            Providers
          </Anchor>
          ,{' '}
          <Anchor component={Link} to="/routes">
            routes
          </Anchor>{' '}
          and{' '}
          <Anchor component={Link} to="/tenants">
            tenants
          </Anchor>{' '}
          can be listed; tenants can be created.
        </List.Item>
        <List.Item>
          The <Anchor href="/api/docs">admin API reference</Anchor> covers everything else.
        </List.Item>
      </List>
    </Stack>
  );
}
