import { Stack, Text, Title } from '@mantine/core';
import type { ModelRoute } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';

/** The developer portal's catalogue: the model routes the signed-in user may see. */
export function CataloguePage() {
  return (
    <Stack>
      <Title order={2}>Catalogue</Title>
      <Text c="dimmed">
        Model routes you can see. Search, service pages, subscriptions and keys are not built yet.
      </Text>
      <PagedTable<ModelRoute>
        path="/api/admin/routes"
        label="Services"
        rowKey={(route) => route.id}
        emptyText="No services are published to you yet."
        columns={[
          { header: 'Model', cell: (route) => route.name },
          { header: 'Description', cell: (route) => route.description || '—' },
          { header: 'Approval', cell: (route) => (route.requires_approval ? 'required' : 'not required') },
          { header: 'Lifecycle', cell: (route) => route.lifecycle },
        ]}
      />
    </Stack>
  );
}
