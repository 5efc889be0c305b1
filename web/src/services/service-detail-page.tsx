import { Alert, Anchor, Badge, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { adminFetch } from '../api/admin-fetch';
import { authModes, type HttpService, type ServiceRelease } from '../api/service-types';
import { LifecycleBadge } from '../components/lifecycle-badge';
import { PagedTable } from '../components/paged-table';
import { RollbackButton } from './rollback-button';

/** One REST service for admins: its routes, upstream nodes and releases, with rollback. */
export function ServiceDetailPage() {
  const id = useParams()['serviceId'] ?? '';
  const path = `/api/admin/services/${encodeURIComponent(id)}`;
  const service = useQuery({ queryKey: [path], queryFn: () => adminFetch<HttpService>(path) });
  if (service.isPending) return <Loader aria-label="Loading the service" />;
  if (service.isError) {
    return (
      <Alert color="red" role="alert" title="Cannot load the service">
        {service.error.message}
      </Alert>
    );
  }
  const { data } = service;
  return (
    <Stack>
      <Anchor component={Link} to="/services" size="sm">
        ← Services
      </Anchor>
      <Group>
        <Title order={2}>{data.name}</Title>
        <LifecycleBadge lifecycle={data.lifecycle} />
        <Badge variant="outline">{data.visibility}</Badge>
      </Group>
      <Text size="sm">
        Base path <Code>{data.spec.base_path}</Code> · live release {data.release} · auth{' '}
        {authModes(data.spec).join(', ')}
        {data.requires_approval ? ' · approval required' : ''}
      </Text>
      <Title order={3}>Routes</Title>
      <Table striped aria-label="Service routes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Methods</Table.Th>
            <Table.Th>Path</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.spec.routes.map((route, index) => (
            <Table.Tr key={`${route.path} ${index}`}>
              <Table.Td>{route.name ?? '—'}</Table.Td>
              <Table.Td>{route.methods?.join(', ') ?? 'any'}</Table.Td>
              <Table.Td>
                <Code>{route.path}</Code>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3}>Upstream nodes</Title>
      <Table aria-label="Upstream nodes">
        <Table.Tbody>
          {data.spec.upstream.nodes.map((node) => (
            <Table.Tr key={node.url}>
              <Table.Td>
                <Code>{node.url}</Code>
              </Table.Td>
              <Table.Td>weight {node.weight ?? 1}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Title order={3}>Releases</Title>
      <PagedTable<ServiceRelease>
        path={`${path}/releases`}
        label="Releases"
        rowKey={(release) => String(release.number)}
        emptyText="No releases."
        columns={[
          { header: 'Release', cell: (release) => release.number },
          { header: 'Note', cell: (release) => release.note },
          { header: 'By', cell: (release) => release.created_by ?? '—' },
          { header: 'At', cell: (release) => new Date(release.created_at).toLocaleString() },
          { header: 'Live', cell: (release) => (release.live ? <Badge color="green">live</Badge> : '') },
          { header: 'Actions', cell: (release) => <RollbackButton service={data} release={release} /> },
        ]}
      />
    </Stack>
  );
}
