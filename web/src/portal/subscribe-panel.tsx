import { Alert, Badge, Button, Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { adminFetch } from '../api/admin-fetch';
import type { App, Page, Subscription } from '../api/admin-types';
import { useMe } from '../api/session-queries';

const statusColor: Record<Subscription['status'], string> = {
  pending: 'yellow',
  approved: 'green',
  rejected: 'red',
  revoked: 'gray',
};

/** While a decision is awaited the state is polled, so an approval shows without a reload. */
const pendingPollMs = 3000;

/** Subscribes one of the user's apps to a service and shows where that subscription stands. */
export function SubscribePanel({ serviceId, serviceName }: { serviceId: string; serviceName: string }) {
  const me = useMe();
  const tenantId = me.data?.tenant_id ?? null;
  const apps = useQuery({
    queryKey: ['portal-apps', tenantId],
    enabled: tenantId !== null,
    // The subscribe form picks among the first 100 apps; a tenant with more uses the console.
    queryFn: () =>
      adminFetch<Page<App>>(`/api/admin/tenants/${encodeURIComponent(tenantId ?? '')}/apps?limit=100`),
  });
  const [chosen, setChosen] = useState('');
  const appId = chosen !== '' ? chosen : (apps.data?.items[0]?.id ?? '');
  if (me.isPending) return <Loader aria-label="Loading your apps" />;
  if (tenantId === null) {
    return <Text c="dimmed">Apps belong to tenants: sign in as a tenant's user to subscribe.</Text>;
  }
  if (apps.isPending) return <Loader aria-label="Loading your apps" />;
  if (apps.isError) {
    return (
      <Alert color="red" role="alert" title="Cannot load your apps">
        {apps.error.message}
      </Alert>
    );
  }
  if (apps.data.items.length === 0)
    return <Text c="dimmed">Your tenant has no app yet: create one first.</Text>;
  return (
    <Stack gap="xs">
      <NativeSelect
        label="App"
        data={apps.data.items.map((app) => ({ value: app.id, label: app.name }))}
        value={appId}
        onChange={(event) => setChosen(event.currentTarget.value)}
        w={320}
      />
      <SubscriptionState appId={appId} serviceId={serviceId} serviceName={serviceName} />
    </Stack>
  );
}

function SubscriptionState({
  appId,
  serviceId,
  serviceName,
}: {
  appId: string;
  serviceId: string;
  serviceName: string;
}) {
  const client = useQueryClient();
  const queryKey = ['portal-subscriptions', appId];
  const subscriptions = useQuery({
    queryKey,
    queryFn: () =>
      adminFetch<Page<Subscription>>(`/api/admin/apps/${encodeURIComponent(appId)}/subscriptions?limit=500`),
    refetchInterval: (query) =>
      query.state.data?.items.some((item) => item.route_id === serviceId && item.status === 'pending')
        ? pendingPollMs
        : false,
  });
  const subscribe = useMutation({
    mutationFn: () =>
      adminFetch<Subscription>(`/api/admin/apps/${encodeURIComponent(appId)}/subscriptions`, {
        method: 'POST',
        body: { route: serviceId },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey }),
  });
  if (subscriptions.isPending) return <Loader aria-label="Loading the subscription" />;
  if (subscriptions.isError) {
    return (
      <Alert color="red" role="alert" title="Cannot load the subscription">
        {subscriptions.error.message}
      </Alert>
    );
  }
  const current = subscriptions.data.items.find((item) => item.route_id === serviceId);
  return (
    <Stack gap="xs">
      {current === undefined ? (
        <Group>
          <Button onClick={() => subscribe.mutate()} loading={subscribe.isPending}>
            Subscribe to {serviceName}
          </Button>
        </Group>
      ) : (
        <Group gap="xs" role="status" aria-label="Subscription">
          <Text size="sm">Subscription:</Text>
          <Badge variant="light" color={statusColor[current.status]}>
            {current.status}
          </Badge>
          {current.reason !== null && <Text size="sm">Reason: {current.reason}</Text>}
        </Group>
      )}
      {subscribe.isError && (
        <Alert color="red" role="alert">
          {subscribe.error.message}
        </Alert>
      )}
    </Stack>
  );
}
