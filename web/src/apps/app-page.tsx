import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { adminFetch } from '../api/admin-fetch';
import type { App } from '../api/admin-types';
import { CreateKeyForm } from '../keys/create-key-form';
import { KeysTable } from '../keys/keys-table';

/** One app: its keys (server-paged, filtered), creating, rotating and revoking them. */
export function AppPage() {
  const appId = useParams()['appId'] ?? '';
  const app = useQuery({
    queryKey: ['/api/admin/apps', appId],
    queryFn: () => adminFetch<App>(`/api/admin/apps/${encodeURIComponent(appId)}`),
  });
  if (app.isPending) return <Loader aria-label="Loading the app" />;
  if (app.isError) {
    return (
      <Alert color="red" title="Cannot load the app" role="alert">
        {app.error.message}
      </Alert>
    );
  }
  return (
    <Stack>
      <Anchor component={Link} to={`/tenants/${encodeURIComponent(app.data.tenant_id)}`} size="sm">
        ← Tenant
      </Anchor>
      <Title order={2}>App {app.data.name}</Title>
      <Text size="sm" c="dimmed">
        {app.data.description === '' ? 'No description.' : app.data.description} · {app.data.id}
      </Text>
      <Title order={3}>Keys</Title>
      <CreateKeyForm appId={appId} />
      <KeysTable appId={appId} showApp={false} />
    </Stack>
  );
}
