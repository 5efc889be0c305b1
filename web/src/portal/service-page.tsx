import { Alert, Anchor, Code, Group, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { adminFetch } from '../api/admin-fetch';
import { authModes, type HttpService } from '../api/service-types';
import { LifecycleBadge } from '../components/lifecycle-badge';
import { ExampleCalls } from './openapi/example-calls';
import { OperationsList } from './openapi/operations-list';
import { readOperations, serverUrl, type Json } from './openapi/read-operations';
import { SubscribePanel } from './subscribe-panel';

/** A REST service's page in the portal: what it is, how to call it, its operations, subscribing. */
export function ServicePage() {
  const id = useParams()['serviceId'] ?? '';
  const path = `/api/admin/services/${encodeURIComponent(id)}`;
  const service = useQuery({ queryKey: [path], queryFn: () => adminFetch<HttpService>(path) });
  const document = useQuery({
    queryKey: [`${path}/openapi`],
    enabled: service.data?.has_openapi === true,
    queryFn: () => adminFetch<Json>(`${path}/openapi`),
  });
  if (service.isPending) return <Loader aria-label="Loading the service" />;
  if (service.isError) {
    return (
      <Alert color="red" role="alert" title="Cannot load the service">
        {service.error.message}{' '}
        <Anchor component={Link} to="/portal">
          Back to the catalogue
        </Anchor>
      </Alert>
    );
  }
  const { data } = service;
  return (
    <Stack>
      <Anchor component={Link} to="/portal" size="sm">
        ← Catalogue
      </Anchor>
      <Group>
        <Title order={2}>{data.name}</Title>
        <LifecycleBadge lifecycle={data.lifecycle} />
      </Group>
      {data.lifecycle === 'deprecated' && (
        <Alert color="orange" title="Deprecated">
          This service is deprecated: it still answers, but plan to move off it.
        </Alert>
      )}
      <Text style={{ whiteSpace: 'pre-wrap' }}>{data.description || 'No description.'}</Text>
      <Text size="sm">
        Authentication: {authModes(data.spec).join(', ')}
        {data.requires_approval ? ' · subscriptions need approval' : ''}
      </Text>
      <Title order={3}>Subscribe</Title>
      <SubscribePanel serviceId={data.id} serviceName={data.name} />
      <Title order={3}>API</Title>
      {!data.has_openapi && <Text c="dimmed">This service publishes no OpenAPI document.</Text>}
      {data.has_openapi && document.isPending && <Loader aria-label="Loading the API document" />}
      {document.isError && (
        <Alert color="red" role="alert" title="Cannot load the API document">
          {document.error.message}
        </Alert>
      )}
      {document.data !== undefined && <ServiceDocument document={document.data} />}
    </Stack>
  );
}

function ServiceDocument({ document }: { document: Json }) {
  const operations = readOperations(document);
  const baseUrl = serverUrl(document);
  const [chosen, setChosen] = useState(0);
  const example = operations[chosen] ?? operations[0];
  return (
    <Stack>
      <Text>
        Base URL: <Code aria-label="Base URL">{baseUrl}</Code>
      </Text>
      {example !== undefined && (
        <>
          <NativeSelect
            label="Example for"
            data={operations.map((operation, index) => ({
              value: String(index),
              label: `${operation.method} ${operation.path}`,
            }))}
            value={String(chosen)}
            onChange={(event) => setChosen(Number(event.currentTarget.value))}
            w={420}
          />
          <ExampleCalls baseUrl={baseUrl} operation={example} />
        </>
      )}
      <Title order={3}>Operations</Title>
      <OperationsList operations={operations} />
    </Stack>
  );
}
