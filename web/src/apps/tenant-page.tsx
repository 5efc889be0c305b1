import { Alert, Anchor, Loader, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { adminFetch } from '../api/admin-fetch';
import type { App, Tenant } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';
import { CreateAppForm } from './create-app-form';

/** One tenant: its apps (server-paged) and the form creating one. */
export function TenantPage() {
  const tenantId = useParams()['tenantId'] ?? '';
  const tenant = useQuery({
    queryKey: ['/api/admin/tenants', tenantId],
    queryFn: () => adminFetch<Tenant>(`/api/admin/tenants/${encodeURIComponent(tenantId)}`),
  });
  if (tenant.isPending) return <Loader aria-label="Loading the tenant" />;
  if (tenant.isError) {
    return (
      <Alert color="red" title="Cannot load the tenant" role="alert">
        {tenant.error.message}
      </Alert>
    );
  }
  return (
    <Stack>
      <Anchor component={Link} to="/tenants" size="sm">
        ← Tenants
      </Anchor>
      <Title order={2}>Tenant {tenant.data.display_name}</Title>
      <Text size="sm" c="dimmed">
        {tenant.data.name} · {tenant.data.id}
      </Text>
      <Title order={3}>Apps</Title>
      <CreateAppForm tenantId={tenantId} />
      <PagedTable<App>
        path={`/api/admin/tenants/${encodeURIComponent(tenantId)}/apps`}
        label="Apps"
        rowKey={(app) => app.id}
        emptyText="No apps in this tenant yet."
        columns={[
          {
            header: 'Name',
            cell: (app) => (
              <Anchor component={Link} to={`/apps/${encodeURIComponent(app.id)}`}>
                {app.name}
              </Anchor>
            ),
          },
          { header: 'Description', cell: (app) => app.description },
          {
            header: 'Models',
            cell: (app) => (app.allowed_models === null ? 'all' : app.allowed_models.join(', ')),
          },
          { header: 'Created', cell: (app) => new Date(app.created_at).toLocaleString() },
        ]}
      />
    </Stack>
  );
}
