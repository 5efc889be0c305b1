import { Anchor, Stack, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Tenant } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';
import { CreateTenantForm } from './create-tenant-form';

/** Tenants: the list (platform admins see all, others their own) and the create form. */
export function TenantsPage() {
  return (
    <Stack>
      <Title order={2}>Tenants</Title>
      <CreateTenantForm />
      <PagedTable<Tenant>
        path="/api/admin/tenants"
        label="Tenants"
        rowKey={(tenant) => tenant.id}
        emptyText="No tenants yet."
        columns={[
          {
            header: 'Name',
            cell: (tenant) => (
              <Anchor component={Link} to={`/tenants/${encodeURIComponent(tenant.id)}`}>
                {tenant.name}
              </Anchor>
            ),
          },
          { header: 'Display name', cell: (tenant) => tenant.display_name },
          { header: 'Id', cell: (tenant) => tenant.id },
          { header: 'Created', cell: (tenant) => new Date(tenant.created_at).toLocaleString() },
        ]}
      />
    </Stack>
  );
}
