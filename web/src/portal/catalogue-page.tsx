import { Anchor, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import type { ModelRoute } from '../api/admin-types';
import type { HttpService } from '../api/service-types';
import { LifecycleBadge } from '../components/lifecycle-badge';
import { PagedTable } from '../components/paged-table';

/**
 * The developer portal's catalogue: the model routes and REST services the signed-in user may see
 * (the admin API filters by tenant), searched on the server by name or description.
 */
export function CataloguePage() {
  const [search, setSearch] = useState('');
  // The lists follow the typed text without a request per keystroke blocking the input.
  const q = useDeferredValue(search.trim());
  return (
    <Stack>
      <Title order={2}>Catalogue</Title>
      <Text c="dimmed">Model routes and REST services you can see and subscribe to.</Text>
      <TextInput
        label="Search"
        placeholder="Name or description"
        value={search}
        onChange={(event) => setSearch(event.currentTarget.value)}
        w={360}
      />
      <Title order={3}>REST services</Title>
      <PagedTable<HttpService>
        path="/api/admin/services"
        label="REST services"
        filters={{ q }}
        rowKey={(service) => service.id}
        emptyText={q === '' ? 'No REST services are published to you yet.' : 'No REST service matches.'}
        columns={[
          {
            header: 'Service',
            cell: (service) => (
              <Anchor component={Link} to={`/portal/services/${encodeURIComponent(service.id)}`}>
                {service.name}
              </Anchor>
            ),
          },
          { header: 'Kind', cell: () => 'REST' },
          { header: 'Description', cell: (service) => firstLine(service.description) },
          {
            header: 'Approval',
            cell: (service) => (service.requires_approval ? 'required' : 'not required'),
          },
          { header: 'Lifecycle', cell: (service) => <LifecycleBadge lifecycle={service.lifecycle} /> },
        ]}
      />
      <Title order={3}>Model routes</Title>
      <PagedTable<ModelRoute>
        path="/api/admin/routes"
        label="Model routes"
        filters={{ q }}
        rowKey={(route) => route.id}
        emptyText={q === '' ? 'No model routes are published to you yet.' : 'No model route matches.'}
        columns={[
          { header: 'Model', cell: (route) => route.name },
          { header: 'Kind', cell: () => 'model' },
          { header: 'Description', cell: (route) => firstLine(route.description) },
          { header: 'Approval', cell: (route) => (route.requires_approval ? 'required' : 'not required') },
          { header: 'Lifecycle', cell: (route) => <LifecycleBadge lifecycle={route.lifecycle} /> },
        ]}
      />
    </Stack>
  );
}

/** Descriptions imported from OpenAPI can be long Markdown; the list shows their first line. */
function firstLine(text: string): string {
  const line = text.split('\n').find((part) => part.trim() !== '') ?? '';
  if (line === '') return '—';
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
