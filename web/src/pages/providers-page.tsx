import { Stack, Title } from '@mantine/core';
import type { Provider } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';

/** Providers (platform admins): id, type, base URL and which secrets are stored. */
export function ProvidersPage() {
  return (
    <Stack>
      <Title order={2}>Providers</Title>
      <PagedTable<Provider>
        path="/api/admin/providers"
        label="Providers"
        rowKey={(provider) => provider.id}
        emptyText="No providers yet."
        columns={[
          { header: 'Id', cell: (provider) => provider.id },
          { header: 'Type', cell: (provider) => provider.type },
          { header: 'Base URL', cell: (provider) => provider.base_url ?? '(type default)' },
          { header: 'Secrets', cell: (provider) => Object.keys(provider.secrets).join(', ') || 'none' },
        ]}
      />
    </Stack>
  );
}
