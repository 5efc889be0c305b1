import { Anchor, Group, NativeSelect, Stack, TextInput, Title } from '@mantine/core';
import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import type { HttpService } from '../api/service-types';
import { LifecycleBadge } from '../components/lifecycle-badge';
import { PagedTable } from '../components/paged-table';

const lifecycleChoices = [
  { value: '', label: 'Any' },
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'deprecated', label: 'Deprecated' },
  { value: 'retired', label: 'Retired' },
];

const visibilityChoices = [
  { value: '', label: 'Any' },
  { value: 'private', label: 'Private' },
  { value: 'shared', label: 'Shared' },
];

/** REST services, paged and filtered on the server. */
export function ServicesPage() {
  const [search, setSearch] = useState('');
  const [lifecycle, setLifecycle] = useState('');
  const [visibility, setVisibility] = useState('');
  const q = useDeferredValue(search.trim());
  return (
    <Stack>
      <Title order={2}>Services</Title>
      <Group align="end">
        <TextInput label="Search" value={search} onChange={(event) => setSearch(event.currentTarget.value)} />
        <NativeSelect
          label="Lifecycle"
          data={lifecycleChoices}
          value={lifecycle}
          onChange={(event) => setLifecycle(event.currentTarget.value)}
        />
        <NativeSelect
          label="Visibility"
          data={visibilityChoices}
          value={visibility}
          onChange={(event) => setVisibility(event.currentTarget.value)}
        />
      </Group>
      <PagedTable<HttpService>
        path="/api/admin/services"
        label="Services"
        filters={{ q, lifecycle, visibility }}
        rowKey={(service) => service.id}
        emptyText={
          q === '' && lifecycle === '' && visibility === '' ? 'No REST services yet.' : 'No service matches.'
        }
        columns={[
          {
            header: 'Name',
            cell: (service) => (
              <Anchor component={Link} to={`/services/${encodeURIComponent(service.id)}`}>
                {service.name}
              </Anchor>
            ),
          },
          { header: 'Kind', cell: () => 'REST' },
          { header: 'Base path', cell: (service) => service.spec.base_path },
          { header: 'Lifecycle', cell: (service) => <LifecycleBadge lifecycle={service.lifecycle} /> },
          { header: 'Visibility', cell: (service) => service.visibility },
          { header: 'Release', cell: (service) => service.release },
          { header: 'Tenant', cell: (service) => service.tenant_id ?? 'platform' },
        ]}
      />
    </Stack>
  );
}
