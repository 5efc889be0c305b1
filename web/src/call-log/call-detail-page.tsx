import {
  Alert,
  Anchor,
  Badge,
  Code,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { adminFetch } from '../api/admin-fetch';
import type { Call } from '../api/admin-types';
import { formatCost } from './call-log-page';

/** One call: who called what, its timeline, tokens, cost and (redacted) bodies when recorded. */
export function CallDetailPage() {
  const requestId = useParams()['requestId'] ?? '';
  const call = useQuery({
    queryKey: ['/api/admin/logs', requestId],
    queryFn: () => adminFetch<Call>(`/api/admin/logs/${encodeURIComponent(requestId)}`),
  });
  if (call.isPending) return <Loader aria-label="Loading the call" />;
  if (call.isError) {
    return (
      <Alert color="red" title="Cannot load the call" role="alert">
        {call.error.message}
      </Alert>
    );
  }
  const data = call.data;
  const failed = data.status >= 400 || data.errorCode !== null;
  const facts: [string, string][] = [
    ['Time', new Date(data.at).toLocaleString()],
    ['Client request id', data.clientRequestId ?? '—'],
    ['Endpoint', data.endpoint],
    ['Route', data.route ?? '—'],
    ['Provider', data.provider ?? '—'],
    ['Model', data.model ?? '—'],
    ['Tenant', data.tenantId ?? '—'],
    ['App', data.appId ?? '—'],
    ['Key', data.keyPrefix === null ? '—' : `${data.keyPrefix}… (${data.keyId ?? ''})`],
    ['Streamed', data.stream ? 'yes' : 'no'],
  ];
  const usage: [string, string][] = [
    ['Input tokens', String(data.inputTokens)],
    ['Output tokens', String(data.outputTokens)],
    ['Cached tokens', String(data.cachedTokens)],
    ['Reasoning tokens', String(data.reasoningTokens)],
    ['Cost', formatCost(data.costUsd)],
  ];
  return (
    <Stack>
      <Anchor component={Link} to="/calls" size="sm">
        ← Call log
      </Anchor>
      <Group>
        <Title order={2}>Call {data.requestId}</Title>
        <Badge color={failed ? 'red' : 'green'} variant="light" size="lg">
          {data.status}
          {data.errorCode === null ? '' : ` ${data.errorCode}`}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <FactTable label="Call" rows={facts} />
        <FactTable label="Tokens and cost" rows={usage} />
        <Stack gap="xs">
          <Title order={3}>Timeline</Title>
          <Timeline active={data.ttftMs === null ? 1 : 2} bulletSize={16} lineWidth={2} aria-label="Timeline">
            <Timeline.Item title="Received">
              <Text size="sm" c="dimmed">
                0 ms · {data.attempts} upstream attempt{data.attempts === 1 ? '' : 's'}
              </Text>
            </Timeline.Item>
            {data.ttftMs !== null && (
              <Timeline.Item title="First byte">
                <Text size="sm" c="dimmed">
                  {Math.round(data.ttftMs)} ms
                </Text>
              </Timeline.Item>
            )}
            <Timeline.Item title={failed ? 'Failed' : 'Answered'}>
              <Text size="sm" c="dimmed">
                {Math.round(data.latencyMs)} ms
              </Text>
            </Timeline.Item>
          </Timeline>
        </Stack>
      </SimpleGrid>
      <Title order={3}>Bodies</Title>
      {data.bodies === undefined ? (
        <Text c="dimmed">Not recorded: this route does not log bodies.</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap={4}>
            <Text fw={600}>Request (redacted)</Text>
            <Code block aria-label="Request body" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {readableBody(data.bodies.request)}
            </Code>
          </Stack>
          <Stack gap={4}>
            <Text fw={600}>Response (redacted)</Text>
            <Code
              block
              aria-label="Response body"
              style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            >
              {readableBody(data.bodies.response)}
            </Code>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}

function FactTable({ label, rows }: { label: string; rows: [string, string][] }) {
  return (
    <Stack gap="xs">
      <Title order={3}>{label}</Title>
      <Table aria-label={label} withRowBorders={false}>
        <Table.Tbody>
          {rows.map(([name, value]) => (
            <Table.Tr key={name}>
              <Table.Th scope="row" w={160}>
                {name}
              </Table.Th>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

/** JSON bodies indented for reading; anything else (SSE text, truncated JSON) as stored. */
function readableBody(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text) as unknown, null, 2);
  } catch {
    return text;
  }
}
