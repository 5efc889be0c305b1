import { Badge, Stack, Title } from '@mantine/core';
import type { ModelRoute } from '../api/admin-types';
import { PagedTable } from '../components/paged-table';

/** Model routes with their targets, lifecycle and visibility. */
export function RoutesPage() {
  return (
    <Stack>
      <Title order={2}>Routes</Title>
      <PagedTable<ModelRoute>
        path="/api/admin/routes"
        label="Routes"
        rowKey={(route) => route.id}
        emptyText="No routes yet."
        columns={[
          { header: 'Name', cell: (route) => route.name },
          {
            header: 'Targets',
            cell: (route) =>
              route.spec.targets.map((target) => `${target.provider}/${target.model}`).join(', '),
          },
          { header: 'Lifecycle', cell: (route) => <Badge variant="light">{route.lifecycle}</Badge> },
          { header: 'Visibility', cell: (route) => route.visibility },
        ]}
      />
    </Stack>
  );
}
